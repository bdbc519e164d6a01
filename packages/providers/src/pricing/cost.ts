// Estimated cost of one response, from its usage block and the list prices (reference §11:
// "locally, from the token counts in API responses x standard list prices"). Unknown models
// cost 0 with priced: false, so callers can say "price unknown" instead of a wrong number.
import { canonicalModelId, type PriceRow, priceFor, type Rates } from "./price-table.js";

/** The usage fields that matter for cost; SDK Usage and MessageDeltaUsage both fit. */
export interface UsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  /** When present, splits cache writes into 5-minute and 1-hour entries (priced differently). */
  cache_creation?: {
    ephemeral_5m_input_tokens?: number | null;
    ephemeral_1h_input_tokens?: number | null;
  } | null;
}

export interface CostTokens {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface CostEstimate {
  usd: number;
  /** False when the model has no known price; `usd` is then 0. */
  priced: boolean;
  /** The price row's name, e.g. "Claude Sonnet 4.5 / 4". */
  priceName?: string;
  /** Whether the long-context (>200K input) rates applied. */
  longContext: boolean;
  tokens: CostTokens;
}

const n = (value: number | null | undefined) => (typeof value === "number" && value > 0 ? value : 0);

export function usageTokens(usage: UsageLike): CostTokens {
  const cacheWrites = n(usage.cache_creation_input_tokens);
  const oneHour = Math.min(n(usage.cache_creation?.ephemeral_1h_input_tokens), cacheWrites);
  return {
    input: n(usage.input_tokens),
    output: n(usage.output_tokens),
    // Without a breakdown every cache write is a 5-minute one (the API default).
    cacheWrite5m: cacheWrites - oneHour,
    cacheWrite1h: oneHour,
    cacheRead: n(usage.cache_read_input_tokens),
  };
}

function ratesFor(row: PriceRow, tokens: CostTokens): { rates: Rates; longContext: boolean } {
  const promptTokens = tokens.input + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead;
  if (row.longContext && promptTokens > row.longContext.aboveInputTokens)
    return { rates: row.longContext, longContext: true };
  return { rates: row, longContext: false };
}

/**
 * Settings' `modelPrices` (USD per million tokens): negotiated prices or a gateway's own model
 * names. Cache rates default to the usual multiples of the input rate.
 */
export interface PriceOverride {
  input: number;
  output: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  cacheRead?: number;
  longContext?: Omit<PriceOverride, "longContext"> & { aboveInputTokens: number };
}
export type PriceOverrides = Readonly<Record<string, PriceOverride>>;

function ratesOf(p: Omit<PriceOverride, "longContext">): Rates {
  return {
    input: p.input,
    output: p.output,
    cacheWrite5m: p.cacheWrite5m ?? p.input * 1.25,
    cacheWrite1h: p.cacheWrite1h ?? p.input * 2,
    cacheRead: p.cacheRead ?? p.input * 0.1,
  };
}

function overrideRow(model: string, overrides: PriceOverrides | undefined): PriceRow | undefined {
  if (!overrides) return undefined;
  const p =
    (Object.hasOwn(overrides, model) ? overrides[model] : undefined) ?? overrideByCanonical(model, overrides);
  if (!p) return undefined;
  return {
    name: `${model} (modelPrices setting)`,
    families: [canonicalModelId(model) || "custom"],
    ...ratesOf(p),
    ...(p.longContext
      ? { longContext: { ...ratesOf(p.longContext), aboveInputTokens: p.longContext.aboveInputTokens } }
      : {}),
  };
}

function overrideByCanonical(model: string, overrides: PriceOverrides): PriceOverride | undefined {
  const id = canonicalModelId(model);
  for (const [name, price] of Object.entries(overrides)) if (canonicalModelId(name) === id) return price;
  return undefined;
}

/** Prices one response; `overrides` (settings' modelPrices) are checked before the table. */
export function costUsd(model: string, usage: UsageLike, overrides?: PriceOverrides): CostEstimate {
  const tokens = usageTokens(usage);
  const row = overrideRow(model, overrides) ?? priceFor(model);
  if (!row) return { usd: 0, priced: false, longContext: false, tokens };
  const { rates, longContext } = ratesFor(row, tokens);
  const micro =
    tokens.input * rates.input +
    tokens.output * rates.output +
    tokens.cacheWrite5m * rates.cacheWrite5m +
    tokens.cacheWrite1h * rates.cacheWrite1h +
    tokens.cacheRead * rates.cacheRead;
  return { usd: micro / 1_000_000, priced: true, priceName: row.name, longContext, tokens };
}
