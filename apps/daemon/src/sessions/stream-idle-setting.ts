import { z } from "zod";
import type { Logger } from "../lifecycle/logger";

const IdleMs = z.coerce.number().int().min(1000).max(3_600_000);

/**
 * `BERTH_STREAM_IDLE_TIMEOUT_MS` in the session's environment (or its settings `env`): how long a
 * model stream may stay silent mid-answer before the turn fails with `stream_stalled`. A value that
 * is not a whole number of ms between 1 s and 1 h is ignored (the agent's 2-minute default
 * applies) with a logged warning, rather than failing the session.
 */
export function streamIdleOption(
  env: Record<string, string | undefined>,
  logger: Pick<Logger, "warn">,
): { streamIdleTimeoutMs?: number } {
  const raw = env.BERTH_STREAM_IDLE_TIMEOUT_MS;
  if (raw === undefined || raw === "") return {};
  const parsed = IdleMs.safeParse(raw);
  if (parsed.success) return { streamIdleTimeoutMs: parsed.data };
  logger.warn(
    { value: raw },
    "BERTH_STREAM_IDLE_TIMEOUT_MS must be whole ms between 1000 and 3600000; using the default",
  );
  return {};
}
