import { describe, expect, it } from "vitest";
import { splitToolList } from "./cli.js";
import { privacySwitches } from "./privacy.js";
import { useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("privacySwitches", () => {
  it("everything is on by default with the Anthropic API", () => {
    const s = privacySwitches({}, {});
    for (const state of Object.values(s))
      expect(state).toEqual({ disabled: false, variable: null, decidedBy: "default" });
  });

  it("any non-empty value disables, even 0 or false", () => {
    const s = privacySwitches(
      { DISABLE_TELEMETRY: "0", DISABLE_ERROR_REPORTING: "false", DISABLE_AUTOUPDATER: "" },
      {},
    );
    expect(s.telemetry).toEqual({ disabled: true, variable: "DISABLE_TELEMETRY", decidedBy: "environment" });
    expect(s.errorReporting.disabled).toBe(true);
    expect(s.autoUpdater.disabled).toBe(false);
  });

  it("DISABLE_FEEDBACK_COMMAND is accepted for the bug command", () => {
    expect(privacySwitches({ DISABLE_FEEDBACK_COMMAND: "1" }, {}).bugCommand.variable).toBe(
      "DISABLE_FEEDBACK_COMMAND",
    );
  });

  it("non-essential traffic off disables all of them", () => {
    const s = privacySwitches({ CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" }, {});
    for (const state of Object.values(s))
      expect(state.variable).toBe("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC");
    expect(Object.values(s).every((x) => x.disabled)).toBe(true);
  });

  it("Bedrock and Vertex turn non-essential traffic off by default", () => {
    const s = privacySwitches({ CLAUDE_CODE_USE_BEDROCK: "1" }, {});
    expect(s.telemetry).toEqual({
      disabled: true,
      variable: "CLAUDE_CODE_USE_BEDROCK",
      decidedBy: "provider-default",
    });
    expect(privacySwitches({}, { CLAUDE_CODE_USE_VERTEX: "true" }).nonessentialTraffic.disabled).toBe(true);
    expect(privacySwitches({ CLAUDE_CODE_USE_BEDROCK: "0" }, {}).telemetry.disabled).toBe(false);
  });

  it("settings env wins over the process environment and names its file", () => {
    const w = ws();
    w.write(w.paths.managed, { env: { DISABLE_TELEMETRY: "1" } });
    w.write(w.paths.user, { env: { DISABLE_ERROR_REPORTING: "" } });
    const { effective } = w.load();
    const s = privacySwitches({ DISABLE_ERROR_REPORTING: "1" }, effective);
    expect(s.telemetry).toEqual({
      disabled: true,
      variable: "DISABLE_TELEMETRY",
      decidedBy: w.paths.managed,
    });
    expect(s.errorReporting).toEqual({ disabled: false, variable: null, decidedBy: "default" });
  });
});

describe("splitToolList", () => {
  it("splits on commas and spaces outside parentheses", () => {
    expect(splitToolList("Bash(git log:*) Edit,Read")).toEqual(["Bash(git log:*)", "Edit", "Read"]);
    expect(splitToolList("Bash(npm run test *), WebFetch(domain:a.com)")).toEqual([
      "Bash(npm run test *)",
      "WebFetch(domain:a.com)",
    ]);
    expect(splitToolList("  ")).toEqual([]);
  });
});
