import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { z } from "zod";

const MetricsEnv = z.object({
  BERTH_DAEMON_METRICS_FILE: z.string().min(1).optional(),
  BERTH_DAEMON_METRICS_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(1000),
});

/**
 * For soak runs (scripts/soak): with BERTH_DAEMON_METRICS_FILE set, the daemon appends one JSON
 * line per interval with its memory and event-loop delay, figures only the process itself can
 * measure. Off by default: nothing is sampled or written.
 */
export function startMetricsSampler(env: NodeJS.ProcessEnv): { stop(): void } | undefined {
  const parsed = MetricsEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid daemon metrics settings: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  }
  const { BERTH_DAEMON_METRICS_FILE: file, BERTH_DAEMON_METRICS_INTERVAL_MS: intervalMs } = parsed.data;
  if (!file) return undefined;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const sample = () => {
    const memory = process.memoryUsage();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const line = {
      time: Date.now(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      // Heap against RSS tells a JS leak from native memory (buffers, SQLite, allocator slack).
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
      arrayBuffersBytes: memory.arrayBuffers,
      // Event-loop delay over the interval since the last line, in ms.
      loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      delay.disable();
    },
  };
}
