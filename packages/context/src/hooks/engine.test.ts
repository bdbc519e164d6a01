// Real hook processes: `sh -c` commands reading the event JSON with jq, as teams write them.
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { HookEngine } from "./engine.js";
import type { HookGroupConfig, HookRun, HooksConfig } from "./types.js";

const hasJq = (() => {
  try {
    execFileSync("jq", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

const temps: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});

function group(command: string, matcher?: string, kind = "project", extra: object = {}): HookGroupConfig {
  return {
    ...(matcher !== undefined ? { matcher } : {}),
    hooks: [{ type: "command", command, ...extra }],
    source: { kind, path: `/${kind}/settings.json` },
  };
}

function engine(config: HooksConfig, switches = { disabled: false, managedOnly: false }) {
  const dir = makeTempDir("berth-hooks-");
  temps.push(dir);
  const cwd = realpathSync(dir.path);
  const runs: HookRun[] = [];
  const hooks = new HookEngine({
    config: () => config,
    switches: () => switches,
    cwd,
    projectDir: cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", SECRET_FREE: "yes" },
    commonInput: () => ({ session_id: "s1", transcript_path: "", cwd, permission_mode: "default" }),
    onRun: (run) => runs.push(run),
  });
  return { hooks, cwd, runs };
}

describe.skipIf(!hasJq)("hook engine (needs jq)", () => {
  it("blocks with exit code 2 and feeds stderr back; other codes are non-blocking", async () => {
    const guard = `CMD=$(jq -r '.tool_input.command // empty'); echo "$CMD" | grep -q 'rm -rf' && { echo "BLOCKED: rm -rf is not allowed" >&2; exit 2; }; exit 0`;
    const { hooks } = engine({ PreToolUse: [group(guard, "Bash"), group("echo oops >&2; exit 1", "Bash")] });
    const bad = await hooks.run("PreToolUse", "Bash", {
      tool_name: "Bash",
      tool_input: { command: "rm -rf /" },
    });
    expect(bad.block?.reason).toBe("BLOCKED: rm -rf is not allowed");
    expect(bad.userMessages.join("\n")).toMatch(/failed \(exit code 1\): oops/);
    const ok = await hooks.run("PreToolUse", "Bash", { tool_name: "Bash", tool_input: { command: "ls" } });
    expect(ok.block).toBeUndefined();
    // The matcher is the tool name: an Edit never runs Bash hooks.
    const edit = await hooks.run("PreToolUse", "Edit", { tool_name: "Edit", tool_input: {} });
    expect(edit.runs).toHaveLength(0);
  });

  it("reads JSON decisions: deny beats ask beats allow; updatedInput and additionalContext", async () => {
    const allow = `echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"fine","updatedInput":{"command":"ls -la"}}}'`;
    const ask = `echo '{"hookSpecificOutput":{"permissionDecision":"ask","permissionDecisionReason":"check","additionalContext":"note"}}'`;
    const { hooks } = engine({ PreToolUse: [group(allow), group(ask)] });
    const out = await hooks.run("PreToolUse", "Bash", { tool_input: { command: "ls" } });
    expect(out.permission).toEqual({ decision: "ask", reason: "check" });
    expect(out.updatedInput).toEqual({ command: "ls -la" });
    expect(out.context).toEqual(["note"]);
    const legacy = engine({
      PreToolUse: [group(`echo '{"decision":"block","reason":"legacy no"}'`), group(allow)],
    });
    const denied = await legacy.hooks.run("PreToolUse", "Bash", {});
    expect(denied.permission?.decision).toBe("deny");
    expect(denied.block?.reason).toBe("legacy no");
  });

  it("passes the event JSON and $CLAUDE_PROJECT_DIR, runs identical commands once, in parallel", async () => {
    const { hooks, cwd, runs } = engine({
      UserPromptSubmit: [
        group(
          `jq -c '{p: .prompt, e: .hook_event_name, s: .session_id}' >> "$CLAUDE_PROJECT_DIR/log"; echo ctx-$SECRET_FREE`,
        ),
        group(
          `jq -c '{p: .prompt, e: .hook_event_name, s: .session_id}' >> "$CLAUDE_PROJECT_DIR/log"; echo ctx-$SECRET_FREE`,
        ),
      ],
    });
    const out = await hooks.run("UserPromptSubmit", undefined, { prompt: "hello" });
    expect(runs).toHaveLength(1);
    expect(out.context).toEqual(["ctx-yes"]);
    expect(JSON.parse(readFileSync(join(cwd, "log"), "utf8"))).toEqual({
      p: "hello",
      e: "UserPromptSubmit",
      s: "s1",
    });
  });

  it("kills the whole process group on timeout and renders no decision", async () => {
    const { hooks, cwd } = engine({
      PreToolUse: [
        group(
          `(sleep 30; echo late > "$CLAUDE_PROJECT_DIR/late") & echo $! > "$CLAUDE_PROJECT_DIR/pid"; sleep 30; exit 2`,
          "",
          "project",
          { timeout: 0.5 },
        ),
      ],
    });
    const out = await hooks.run("PreToolUse", "Bash", {});
    expect(out.runs[0]?.timedOut).toBe(true);
    expect(out.block).toBeUndefined();
    expect(out.userMessages[0]).toMatch(/timed out/);
    const pid = Number(readFileSync(join(cwd, "pid"), "utf8"));
    // The background grandchild was in the group and is gone (or a zombie about to be reaped).
    await new Promise((r) => setTimeout(r, 300));
    let alive = true;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      alive = !/\) [ZX] /.test(stat);
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
  });

  it("honours disableAllHooks: managed turns off everything, elsewhere only non-managed hooks", async () => {
    const config = {
      Stop: [
        group('echo \'{"decision":"block","reason":"m"}\'', undefined, "managed"),
        group("exit 2", undefined, "user"),
      ],
    };
    const none = engine(config, { disabled: true, managedOnly: false });
    expect((await none.hooks.run("Stop", undefined, {})).runs).toHaveLength(0);
    const managed = engine(config, { disabled: false, managedOnly: true });
    const out = await managed.hooks.run("Stop", undefined, {});
    expect(out.runs.map((r) => r.hook.source.kind)).toEqual(["managed"]);
    expect(out.block?.reason).toBe("m");
  });

  it("reports malformed JSON output instead of acting on it, and `continue: false` stops", async () => {
    const { hooks } = engine({
      PostToolUse: [
        group(`echo '{"decision": 5}'`),
        group(`echo '{"continue":false,"stopReason":"enough"}'`),
      ],
    });
    const out = await hooks.run("PostToolUse", "Write", {});
    expect(out.block).toBeUndefined();
    expect(out.userMessages.join("\n")).toMatch(/invalid hook JSON at decision/);
    expect(out.stop).toEqual({ reason: "enough" });
  });
});

describe("matchers", () => {
  it("supports exact names, lists, regex and match-all", async () => {
    const { matcherMatches } = await import("./matcher.js");
    expect(matcherMatches("Bash", "Bash")).toBe(true);
    expect(matcherMatches("Bash", "BashOutput")).toBe(false);
    expect(matcherMatches("Edit|Write", "Write")).toBe(true);
    expect(matcherMatches("Edit.*", "NotebookEdit")).toBe(true);
    expect(matcherMatches("mcp__memory__.*", "mcp__memory__get")).toBe(true);
    expect(matcherMatches("", "Anything")).toBe(true);
    expect(matcherMatches("*", "Anything")).toBe(true);
    expect(matcherMatches("(", "x")).toBe(false);
  });
});
