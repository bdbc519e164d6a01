// Credential stores stay out of reach whatever rules and mode say: the real engine decides,
// then the guard has the last word.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ctx, engine, makeProject, type Project } from "../testing/fixtures.js";
import type { Decision, PermissionContext, PermissionMode } from "../types.js";
import { guardSecretStores } from "./secret-stores.js";

let p: Project;
let stores: string[];
beforeAll(() => {
  p = makeProject();
  const berth = join(p.home, ".berth");
  mkdirSync(join(p.home, ".claude"), { recursive: true });
  mkdirSync(berth, { recursive: true });
  writeFileSync(join(berth, "credentials.json"), "{}");
  writeFileSync(join(p.home, ".claude.json"), "{}");
  symlinkSync(berth, join(p.project, "innocent-link"));
  stores = [berth, join(p.home, ".claude", ".credentials.json"), join(p.home, ".claude.json")];
});

const ALLOW_ALL = ["Read", "Edit", "Write", "Grep", "Glob", "Bash", "Bash(*)"];

async function decide(
  tool: string,
  input: Record<string, unknown>,
  mode: PermissionMode = "bypassPermissions",
) {
  // --add-dir ~ and every tool allowed: the worst case the issue describes.
  const c: PermissionContext = ctx(p, { allow: ALLOW_ALL }, mode, {
    workingDirectories: [p.project, p.home],
  });
  const decision = (await engine()).decide({ tool, input }, c);
  return {
    before: decision,
    after: guardSecretStores({ request: { tool, input }, decision, ctx: c, stores }),
  };
}

const behaviour = (d: Decision) => d.behavior;

describe("guardSecretStores", () => {
  it("denies file tools inside Berth's home and Claude's credential files, in every mode", async () => {
    for (const mode of ["bypassPermissions", "acceptEdits", "default"] as const) {
      for (const [tool, input] of [
        ["Read", { file_path: join(p.home, ".berth", "credentials.json") }],
        ["Read", { file_path: "~/.claude.json" }],
        [
          "Edit",
          { file_path: join(p.home, ".claude", ".credentials.json"), old_string: "a", new_string: "b" },
        ],
        ["Read", { file_path: "innocent-link/berth.db" }],
        ["Read", { file_path: "../.berth/logs/daemon.log" }],
        ["Grep", { pattern: "x", path: join(p.home, ".berth") }],
      ] as const) {
        const { after } = await decide(tool, input, mode);
        expect(behaviour(after), `${tool} ${JSON.stringify(input)} in ${mode}`).toBe("deny");
        expect(after.suggestions).toEqual([]);
      }
    }
  });

  it("asks for a content search whose root contains a store", async () => {
    const { before, after } = await decide("Grep", { pattern: "sk-ant", path: p.home });
    expect(before.behavior).toBe("allow");
    expect(after.behavior).toBe("ask");
    expect(after.message).toContain(".berth");
  });

  it("asks for commands that reach a store, read the keychain or another process's environment", async () => {
    for (const command of [
      "cat ~/.berth/credentials.json",
      "sqlite3 ~/.be''rth/berth.db .dump",
      'cat "$HOME/.claude/.credentials.json"',
      "cp innocent-link/berth.db /tmp/x",
      "cat ~/.be*/cred*",
      "head -c 100 ../.berth/logs/daemon.log",
      "security find-generic-password -s 'Claude Code' -w",
      "secret-tool lookup service berth",
      "cat /proc/$PPID/environ | tr '\\0' '\\n'",
      "ps eww -o args= -p $PPID",
      'echo "$BERTH_HOME"',
    ]) {
      const { after } = await decide("Bash", { command });
      expect(behaviour(after), command).toBe("ask");
      expect(after.reason).toMatchObject({ kind: "safety", check: "protected-path" });
    }
  });

  it("turns the ask into a denial in dontAsk mode, and leaves ordinary commands and deny decisions alone", async () => {
    expect((await decide("Bash", { command: "cat ~/.berth/token" }, "dontAsk")).after.behavior).toBe("deny");
    for (const command of ["ls -la", "cat README.md", "ps aux", "git status", "ls ~"]) {
      const { before, after } = await decide("Bash", { command });
      expect(after, command).toBe(before);
    }
    const denied: Decision = { behavior: "deny", reason: { kind: "no-match" }, message: "no" };
    const c = ctx(p);
    const input = { command: "cat ~/.berth/x" };
    expect(guardSecretStores({ request: { tool: "Bash", input }, decision: denied, ctx: c, stores })).toBe(
      denied,
    );
  });
});
