// Loads prices.json (validated, so a bad edit fails loudly in tests rather than billing $0) and
// maps any provider's model id to its price row.
import { z } from "zod";
import raw from "./prices.json";

const Rates = z.object({
  input: z.number().nonnegative(),
  cacheWrite5m: z.number().nonnegative(),
  cacheWrite1h: z.number().nonnegative(),
  cacheRead: z.number().nonnegative(),
  output: z.number().nonnegative(),
});

const PriceRow = Rates.extend({
  name: z.string(),
  families: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
  longContext: Rates.extend({ aboveInputTokens: z.number().int().positive() }).optional(),
});

const PriceFile = z.object({ source: z.string().min(1), updated: z.string(), models: z.array(PriceRow) });

/** USD per million tokens. */
export type Rates = z.infer<typeof Rates>;
export type PriceRow = z.infer<typeof PriceRow>;

export const PRICE_TABLE: { source: string; updated: string; models: readonly PriceRow[] } =
  PriceFile.parse(raw);

const byFamily = new Map<string, PriceRow>();
for (const row of PRICE_TABLE.models) {
  for (const family of row.families) {
    if (byFamily.has(family)) throw new Error(`prices.json lists ${family} twice`);
    byFamily.set(family, row);
  }
}

/**
 * Reduces a model id from any provider to its family:
 *   claude-sonnet-4-5-20250929                                -> claude-sonnet-4-5
 *   us.anthropic.claude-sonnet-4-5-20250929-v1:0 (Bedrock)     -> claude-sonnet-4-5
 *   arn:aws:bedrock:...:inference-profile/global.anthropic.x   -> x
 *   claude-sonnet-4-5@20250929 (Vertex)                       -> claude-sonnet-4-5
 *   claude-sonnet-4-5[1m]                                     -> claude-sonnet-4-5
 */
export function canonicalModelId(model: string): string {
  let id = model.trim().toLowerCase();
  id = id.replace(/\[[^\]]*\]$/, "");
  if (id.startsWith("arn:")) id = id.slice(id.lastIndexOf("/") + 1);
  const vendor = id.lastIndexOf("anthropic.");
  if (vendor >= 0) id = id.slice(vendor + "anthropic.".length);
  id = id.replace(/@.*$/, "");
  id = id.replace(/-v\d+(:\d+)?$/, "");
  id = id.replace(/-(\d{8}|latest)$/, "");
  return id;
}

/** The price row for a model id, or undefined when its price is not known. */
export function priceFor(model: string): PriceRow | undefined {
  return byFamily.get(canonicalModelId(model));
}
