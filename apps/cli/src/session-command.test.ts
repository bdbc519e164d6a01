import { describe, expect, it } from "vitest";
import { rootOptions, subcommandNames } from "./program";
import { opensSession, ROOT_FLAGS, SUBCOMMANDS } from "./session-command";

describe("opensSession", () => {
  it("knows every top-level subcommand and every option of the command line", () => {
    expect([...SUBCOMMANDS].sort()).toEqual(subcommandNames().sort());
    const ours = ROOT_FLAGS.map((f) => ({ names: [...f.names], value: f.value }));
    expect(ours).toEqual(rootOptions().map(({ names, value }) => ({ names, value })));
    // Options commander checks against a list are checked here too, with the same list.
    for (const option of rootOptions().filter((o) => o.choices)) {
      const flag = ROOT_FLAGS.find((f) => f.names.includes(option.names.at(-1) as string));
      for (const choice of option.choices ?? []) expect(flag?.accepts?.(choice)).toBe(true);
      expect(flag?.accepts?.("no-such-choice")).toBe(false);
    }
  });

  it("says yes for the default command: -p, interactive, --continue/--resume", () => {
    expect(opensSession(["-p", "hi"])).toBe(true);
    expect(opensSession([])).toBe(true);
    expect(opensSession(["fix the build"])).toBe(true);
    expect(opensSession(["--model", "sonnet", "-c"])).toBe(true);
    expect(opensSession(["-p", "--output-format=json", "--max-turns", "3", "hi"])).toBe(true);
    expect(opensSession(["-p", "hi", "--allowedTools", "Read", "Bash(git *)", "--verbose"])).toBe(true);
    expect(opensSession(["-r", "--fork-session"])).toBe(true);
    expect(opensSession(["-p", "--", "-not-a-flag"])).toBe(true);
  });

  it("says no for subcommands, help and version", () => {
    expect(opensSession(["sessions"])).toBe(false);
    expect(opensSession(["daemon", "status"])).toBe(false);
    expect(opensSession(["-p", "--help"])).toBe(false);
    expect(opensSession(["--version", "-p"])).toBe(false);
    expect(opensSession(["-p", "history"])).toBe(false);
  });

  it("says no for whatever commander or program.ts would refuse", () => {
    expect(opensSession(["--no-such-flag"])).toBe(false);
    expect(opensSession(["-p", "hi", "--output-format", "xml"])).toBe(false);
    expect(opensSession(["-p", "hi", "--max-turns", "0"])).toBe(false);
    expect(opensSession(["-p", "hi", "--max-budget-usd", "-1"])).toBe(false);
    expect(opensSession(["-p", "hi", "--model"])).toBe(false);
    expect(opensSession(["-p", "one", "two"])).toBe(false);
    expect(opensSession(["-p", "--print=yes"])).toBe(false);
    expect(opensSession(["-pc"])).toBe(false);
    expect(opensSession(["-p", "hi", "--fork-session"])).toBe(false);
    expect(opensSession(["-p", "-c", "--no-session-persistence"])).toBe(false);
  });
});
