import { describe, expect, it } from "vitest";
import { subcommandNames } from "./program";
import { opensSession, SUBCOMMANDS } from "./session-command";

describe("opensSession", () => {
  it("knows every top-level subcommand of the command line", () => {
    expect([...SUBCOMMANDS].sort()).toEqual(subcommandNames().sort());
  });

  it("says yes for the default command: -p, interactive, --continue/--resume", () => {
    expect(opensSession(["-p", "hi"])).toBe(true);
    expect(opensSession([])).toBe(true);
    expect(opensSession(["fix the build"])).toBe(true);
    expect(opensSession(["--model", "sonnet", "-c"])).toBe(true);
  });

  it("says no for subcommands, help and version, and when unsure", () => {
    expect(opensSession(["sessions"])).toBe(false);
    expect(opensSession(["daemon", "status"])).toBe(false);
    expect(opensSession(["-p", "--help"])).toBe(false);
    expect(opensSession(["--version", "-p"])).toBe(false);
    expect(opensSession(["-p", "history"])).toBe(false);
  });
});
