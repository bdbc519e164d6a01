import { makeTempDir } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import { hookRunEvent } from "../context/session-hooks";
import { StoredKey } from "../credentials/stored-key";
import { daemonSecrets, redactError, redactEvent, trackSessionSecrets } from "./daemon-secrets";

describe("daemon secrets", () => {
  it("masks a session's secrets in events and adds a warning naming the variable", () => {
    const session = trackSessionSecrets({ ANTHROPIC_AUTH_TOKEN: "gateway-token-0a1b2c3d", LANG: "C" });
    const [event, warning, ...rest] = redactEvent({
      type: "turn_failed",
      turnId: "t1",
      error: { code: "auth_failed", message: "rejected gateway-token-0a1b2c3d", retryable: false },
    });
    expect(JSON.stringify(event)).toContain("rejected [REDACTED:ANTHROPIC_AUTH_TOKEN]");
    expect(warning).toMatchObject({ type: "notice", level: "warning" });
    expect(JSON.stringify(warning)).toContain("ANTHROPIC_AUTH_TOKEN");
    expect(JSON.stringify(warning)).not.toContain("gateway-token-0a1b2c3d");
    expect(rest).toEqual([]);
    session.release();
    // A released session's values stay masked: they may still turn up in files and output.
    expect(daemonSecrets.redact("gateway-token-0a1b2c3d").text).toBe("[REDACTED:ANTHROPIC_AUTH_TOKEN]");
  });

  it("masks held secrets in errors sent to clients", () => {
    daemonSecrets.add("AWS_SESSION_TOKEN", "aws-session-token-5f6a7b8c");
    expect(redactError(new Error("helper said aws-session-token-5f6a7b8c")).message).toBe(
      "helper said [REDACTED:AWS_SESSION_TOKEN]",
    );
  });

  it("masks held secrets in a hook's recorded command and output", () => {
    daemonSecrets.add("ANTHROPIC_API_KEY", "sk-ant-hook-canary-7b8c9d0e");
    const event = hookRunEvent({
      hook: { event: "PostToolUse", command: "notify sk-ant-hook-canary-7b8c9d0e", source: { path: "/p" } },
      exitCode: 0,
      timedOut: false,
      durationMs: 1,
      stdout: "sent with sk-ant-hook-canary-7b8c9d0e",
      stderr: "",
    } as never);
    expect(JSON.stringify(event)).not.toContain("sk-ant-hook-canary-7b8c9d0e");
    expect(JSON.stringify(event)).toContain("[REDACTED:ANTHROPIC_API_KEY]");
  });

  it("leaves events without secrets untouched", () => {
    const event = { type: "notice", level: "info", message: "nothing to see" } as const;
    expect(redactEvent(event)).toEqual([event]);
    expect(redactEvent(event)[0]).toBe(event);
  });

  it("registers the `berth login` key when it is saved or read", async () => {
    const dir = makeTempDir("berth-stored-key-");
    try {
      await new StoredKey(dir.path, "linux").save("sk-ant-stored-login-4e5f6a7b");
      expect(daemonSecrets.redact("key sk-ant-stored-login-4e5f6a7b").names).toEqual(["berth login key"]);
    } finally {
      dir.cleanup();
    }
  });
});
