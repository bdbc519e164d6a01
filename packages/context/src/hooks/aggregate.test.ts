import { describe, expect, it } from "vitest";
import { aggregateRuns } from "./aggregate.js";
import { reviewHooks } from "./review.js";
import type { HookEventName, HookGroupConfig, HookRun } from "./types.js";

function run(event: HookEventName, exitCode: number | null, stdout = "", stderr = ""): HookRun {
  return {
    hook: {
      event,
      command: "c",
      timeoutMs: 60_000,
      async: false,
      matcher: undefined,
      source: { kind: "user", path: "/u" },
    },
    exitCode,
    signal: null,
    timedOut: false,
    durationMs: 1,
    stdout,
    stderr,
  };
}

describe("aggregateRuns", () => {
  it("feeds exit-2 stderr back only where the event can block", () => {
    expect(aggregateRuns("PostToolUse", [run("PostToolUse", 2, "", "lint failed")]).block).toEqual({
      reason: "lint failed",
    });
    const start = aggregateRuns("SessionStart", [run("SessionStart", 2, "", "nope")]);
    expect(start.block).toBeUndefined();
    expect(start.userMessages).toEqual(["nope"]);
  });

  it("adds plain stdout to the context only for UserPromptSubmit and SessionStart", () => {
    expect(aggregateRuns("SessionStart", [run("SessionStart", 0, "branch: main\n")]).context).toEqual([
      "branch: main",
    ]);
    expect(aggregateRuns("PostToolUse", [run("PostToolUse", 0, "formatted 1 file")]).context).toEqual([]);
  });

  it("reads decision block with a reason for PostToolUse, Stop and UserPromptSubmit", () => {
    for (const event of ["PostToolUse", "Stop", "UserPromptSubmit"] as const) {
      const out = aggregateRuns(event, [run(event, 0, '{"decision":"block","reason":"fix the types"}')]);
      expect(out.block).toEqual({ reason: "fix the types" });
    }
  });

  it("uses valid JSON even from a failing hook, and never acts on a signal death", () => {
    const out = aggregateRuns("PreToolUse", [
      run(
        "PreToolUse",
        1,
        '{"hookSpecificOutput":{"permissionDecision":"deny","permissionDecisionReason":"no"}}',
      ),
      run("PreToolUse", null),
    ]);
    expect(out.permission).toEqual({ decision: "deny", reason: "no" });
    expect(out.userMessages).toHaveLength(2);
  });
});

describe("reviewHooks", () => {
  const group = (command: string): HookGroupConfig => ({
    hooks: [{ type: "command", command }],
    source: { kind: "project", path: "/p/.claude/settings.json" },
  });
  it("keeps reviewed groups, holds back new or changed ones, and drops removed ones", () => {
    const reviewed = { PreToolUse: [group("a"), group("b")] };
    const current = { PreToolUse: [group("a"), group("c")], Stop: [group("d")] };
    const { active, pending } = reviewHooks(reviewed, current);
    expect(active).toEqual({ PreToolUse: [group("a")] });
    expect(pending).toEqual({ PreToolUse: [group("c")], Stop: [group("d")] });
  });
});
