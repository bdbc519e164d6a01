import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiKeyHelperError } from "../errors.js";
import { writeHelperScript } from "../testing/helper-script.js";
import { ApiKeyHelper } from "./api-key-helper.js";
import { ApiKeyHelperRegistry } from "./helper-registry.js";

const baseEnv = { PATH: process.env.PATH };

describe("ApiKeyHelper", () => {
  it("returns the trimmed stdout and caches it", async () => {
    const script = writeHelperScript();
    const helper = new ApiKeyHelper({ command: script.command, cwd: script.dir, env: baseEnv });
    expect(await helper.get()).toBe("key-1");
    expect(await helper.get()).toBe("key-1");
    expect(script.runs()).toBe(1);
    expect(helper.runCount).toBe(1);
  });

  it("re-runs after CLAUDE_CODE_API_KEY_HELPER_TTL_MS", async () => {
    const script = writeHelperScript();
    const env = { ...baseEnv, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: "150" };
    const helper = new ApiKeyHelper({ command: script.command, cwd: script.dir, env });
    expect(await helper.get()).toBe("key-1");
    expect(await helper.get()).toBe("key-1");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await helper.get()).toBe("key-2");
    expect(script.runs()).toBe(2);
  });

  it("defaults to a 5 minute TTL (injected clock)", async () => {
    const script = writeHelperScript();
    let now = 0;
    const helper = new ApiKeyHelper({
      command: script.command,
      cwd: script.dir,
      env: baseEnv,
      now: () => now,
    });
    await helper.get();
    now = 5 * 60 * 1000 - 1;
    expect(await helper.get()).toBe("key-1");
    now = 5 * 60 * 1000;
    expect(await helper.get()).toBe("key-2");
  });

  it("shares one run among 50 concurrent callers", async () => {
    const script = writeHelperScript();
    const helper = new ApiKeyHelper({
      command: script.command,
      cwd: script.dir,
      env: { ...baseEnv, HELPER_DELAY: "0.3" },
    });
    const keys = await Promise.all(Array.from({ length: 50 }, () => helper.get()));
    expect(new Set(keys)).toEqual(new Set(["key-1"]));
    expect(script.runs()).toBe(1);
  });

  it("invalidate(rejectedKey) refreshes once when many requests saw the same stale key", async () => {
    const script = writeHelperScript();
    const helper = new ApiKeyHelper({ command: script.command, cwd: script.dir, env: baseEnv });
    const stale = await helper.get();
    helper.invalidate(stale);
    expect(await helper.get()).toBe("key-2");
    helper.invalidate(stale); // a late 401 for key-1: key-2 is kept
    expect(await helper.get()).toBe("key-2");
    helper.invalidate();
    expect(await helper.get()).toBe("key-3");
    expect(script.runs()).toBe(3);
  });

  it("names the command but never its output when it fails", async () => {
    const secret = "sk-ant-api03-SECRETSECRETSECRET";
    const script = writeHelperScript(`#!/bin/sh\necho "${secret}"\necho "${secret} on stderr" >&2\nexit 3\n`);
    const helper = new ApiKeyHelper({ command: script.command, cwd: script.dir, env: baseEnv });
    const error = await helper.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiKeyHelperError);
    const e = error as ApiKeyHelperError;
    expect(e.code).toBe("PROVIDER_API_KEY_HELPER_FAILED");
    expect(e.failure).toBe("exit");
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(script.command);
    expect(e.message).toContain("code 3");
    expect(e.message).not.toContain("SECRET");
    expect(JSON.stringify(e)).not.toContain("SECRET");
    expect(String(e.stack)).not.toContain("SECRET");
  });

  it("treats empty output as a failure and does not cache failures", async () => {
    const script = writeHelperScript(`#!/bin/sh\necho run >> "$(dirname "$0")/runs.log"\necho "   "\n`);
    const helper = new ApiKeyHelper({ command: script.command, cwd: script.dir, env: baseEnv });
    await expect(helper.get()).rejects.toMatchObject({ failure: "empty" });
    await expect(helper.get()).rejects.toMatchObject({ failure: "empty" });
    expect(script.runs()).toBe(2);
  });

  it("stops a helper that hangs, including its children", async () => {
    const script = writeHelperScript("#!/bin/sh\nsleep 30 | cat\n");
    const helper = new ApiKeyHelper({
      command: script.command,
      cwd: script.dir,
      env: baseEnv,
      timeoutMs: 300,
    });
    const started = Date.now();
    await expect(helper.get()).rejects.toMatchObject({
      failure: "timeout",
      code: "PROVIDER_API_KEY_HELPER_FAILED",
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports a helper that cannot start (missing cwd) without crashing", async () => {
    const helper = new ApiKeyHelper({
      command: "echo key",
      cwd: join(tmpdir(), "does-not-exist-berth"),
      env: baseEnv,
    });
    await expect(helper.get()).rejects.toMatchObject({ failure: "spawn" });
  });

  it("runs with the given cwd and environment only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-helper-cwd-"));
    const helper = new ApiKeyHelper({
      command: 'printf "%s:%s" "$(pwd)" "$ONLY_IN_SESSION"',
      cwd: dir,
      env: { ...baseEnv, ONLY_IN_SESSION: "yes" },
    });
    expect(await helper.get()).toMatch(/berth-helper-cwd-.*:yes$/);
  });
});

describe("ApiKeyHelperRegistry", () => {
  it("shares one helper per (command, cwd) so sessions share one refresh", async () => {
    const script = writeHelperScript();
    const registry = new ApiKeyHelperRegistry();
    const env = { ...baseEnv, HELPER_DELAY: "0.2" };
    const a = registry.acquire({ command: script.command, cwd: script.dir, env });
    const b = registry.acquire({ command: script.command, cwd: script.dir, env });
    expect(a).toBe(b);
    expect(registry.acquire({ command: script.command, cwd: tmpdir(), env })).not.toBe(a);
    await Promise.all([a.get(), b.get(), a.get()]);
    expect(script.runs()).toBe(1);
    expect(registry.size).toBe(2);
  });
});
