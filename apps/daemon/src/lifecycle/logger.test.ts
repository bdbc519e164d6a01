import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, waitFor } from "@berth/testkit";
import { afterEach, expect, it } from "vitest";
import { createLogger } from "./logger";

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

it("keeps credentials out of the log, by key and by shape", async () => {
  const dir = makeTempDir("berth-log-");
  dirs.push(dir);
  const logger = createLogger(dir.path, "info");
  const key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
  logger.info(
    { token: "tok-123456", env: { ANTHROPIC_API_KEY: key }, headers: { authorization: `Bearer ${key}` } },
    "connect",
  );
  logger.error(
    { err: new Error(`request failed with key ${key}`), command: `curl -H 'x-api-key: ${key}'` },
    "boom",
  );
  logger.warn(`plain message mentioning ${key}`);
  logger.flush();
  const file = join(dir.path, "daemon.log");
  const text = await waitFor(
    () => {
      const t = readFileSync(file, "utf8");
      return t.split("\n").filter(Boolean).length >= 3 ? t : undefined;
    },
    { timeoutMs: 3000 },
  );
  expect(text).not.toContain(key);
  expect(text).not.toContain("tok-123456");
  expect(text).toContain("[redacted]");
  expect(text).toContain("request failed with key");
});
