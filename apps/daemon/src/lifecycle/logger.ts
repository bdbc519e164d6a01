import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { redactSecrets } from "@berth/providers";
import pino, { type Logger } from "pino";
import { daemonSecrets } from "../secrets/daemon-secrets";

/** Every secret value the daemon holds, then anything shaped like a credential. */
function scrubText(text: string): string {
  return redactSecrets(daemonSecrets.redact(text).text);
}

/** Keys whose values never reach the log, wherever they appear. */
const REDACT = [
  "token",
  "apiKey",
  "authToken",
  "authorization",
  "env",
  "*.token",
  "*.apiKey",
  "*.authToken",
  "*.authorization",
  "*.env",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
];

export function createLogger(logsDir: string, level = process.env.BERTH_LOG_LEVEL ?? "info"): Logger {
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const destination = pino.destination({
    dest: join(logsDir, "daemon.log"),
    sync: false,
    mkdir: true,
    mode: 0o600,
  });
  // A full disk must not take the daemon down through its own log: lines are dropped until
  // space returns (the store reports the full disk to clients itself).
  destination.on("error", () => {});
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      base: { pid: process.pid },
      // Key-based redaction misses a key pasted into an error message or a command line;
      // every string is also scrubbed of anything shaped like a credential.
      formatters: { log: (object) => scrub(object, 0) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === "string" ? scrubText(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

export type { Logger };

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubText(value.message),
      stack: scrubText(value.stack ?? ""),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}
