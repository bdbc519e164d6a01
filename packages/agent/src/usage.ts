// Token accounting in the protocol's shape. The SDK reports cache counts as `number | null` and
// adds fields the protocol does not carry; everything is normalised here, once.
import type { Usage } from "@berth/protocol";
import type { CostFunction } from "./types.js";

interface UsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export const emptyUsage = (): Usage => ({
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
});

export function normalizeUsage(usage: UsageLike | null | undefined): Usage {
  return {
    input_tokens: usage?.input_tokens ?? 0,
    output_tokens: usage?.output_tokens ?? 0,
    cache_creation_input_tokens: usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage?.cache_read_input_tokens ?? 0,
  };
}

export function addUsage(total: Usage, more: Usage): Usage {
  return {
    input_tokens: total.input_tokens + more.input_tokens,
    output_tokens: total.output_tokens + more.output_tokens,
    cache_creation_input_tokens: total.cache_creation_input_tokens + more.cache_creation_input_tokens,
    cache_read_input_tokens: total.cache_read_input_tokens + more.cache_read_input_tokens,
  };
}

/** Prices one request; a pricing bug never costs the user the turn (it is reported as unpriced). */
export function priceUsage(
  cost: CostFunction | undefined,
  model: string,
  usage: Usage,
): { costUsd: number; priced: boolean } {
  if (!cost) return { costUsd: 0, priced: false };
  try {
    const priced = cost(model, usage);
    const usd = "costUsd" in priced ? priced.costUsd : priced.usd;
    return Number.isFinite(usd) ? { costUsd: usd, priced: priced.priced } : { costUsd: 0, priced: false };
  } catch {
    // A pricing bug must not cost the user their turn; the usage is still reported as unpriced.
    return { costUsd: 0, priced: false };
  }
}
