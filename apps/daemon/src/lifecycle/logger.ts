import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pino, { type Logger } from "pino";

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
    { level, redact: { paths: REDACT, censor: "[redacted]" }, base: { pid: process.pid } },
    destination,
  );
}

export type { Logger };
