// Loads prices.json and maps any provider's model id to its price row. The file ships inside the
// bundle, so it is checked where it can change: cost.test.ts validates it against
// priceFileSchema() (a bad edit fails loudly there rather than billing $0). Parsing it again at
// every daemon start cost ~8 ms of zod (schemas built, parser compiled) before the daemon listened.
import { z } from "zod";
import raw from "./prices.json";

/** Built on call: only the tests (and tools checking a price file) need it. */
export function priceFileSchema() {
  const rates = z.object({
    input: z.number().nonnegative(),
    cacheWrite5m: z.number().nonnegative(),
    cacheWrite1h: z.number().nonnegative(),
    cacheRead: z.number().nonnegative(),
    output: z.number().nonnegative(),
  });
  const row = rates.extend({
    name: z.string(),
    families: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
    longContext: rates.extend({ aboveInputTokens: z.number().int().positive() }).optional(),
  });
  return z.object({ source: z.string().min(1), updated: z.string(), models: z.array(row) });
}

type PriceFile = z.infer<ReturnType<typeof priceFileSchema>>;
/** USD per million tokens. */
export type PriceRow = PriceFile["models"][number];
export type Rates = Omit<PriceRow, "name" | "families" | "longContext">;

export const PRICE_TABLE: { source: string; updated: string; models: readonly PriceRow[] } = raw as PriceFile;

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
