// How many tokens of context a model takes: 200k for every current Claude model, 1M with the
// `[1m]` suffix. CLAUDE_CODE_AUTO_COMPACT_WINDOW sets the window auto-compaction works against
// (a gateway's smaller model, or compacting earlier to keep requests cheap).
import { type Env, envValue } from "../env.js";

export const DEFAULT_CONTEXT_WINDOW = 200_000;
export const LONG_CONTEXT_WINDOW = 1_000_000;
export const AUTO_COMPACT_WINDOW_ENV = "CLAUDE_CODE_AUTO_COMPACT_WINDOW";

export interface ContextWindow {
  tokens: number;
  /** Where the figure came from, for `/status` and warnings. */
  source: "model" | "env";
  /** Set when the environment variable was present but unusable. */
  problem?: string;
}

export function contextWindow(context1m: boolean, env: Env): ContextWindow {
  const model = context1m ? LONG_CONTEXT_WINDOW : DEFAULT_CONTEXT_WINDOW;
  const raw = envValue(env, AUTO_COMPACT_WINDOW_ENV);
  if (raw === undefined) return { tokens: model, source: "model" };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1000) {
    return {
      tokens: model,
      source: "model",
      problem: `${AUTO_COMPACT_WINDOW_ENV}=${JSON.stringify(raw)} is not a whole number of tokens (at least 1000); using the model's window of ${model}.`,
    };
  }
  return { tokens: Math.min(n, model), source: "env" };
}
