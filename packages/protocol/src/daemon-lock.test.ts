import { describe, expect, it } from "vitest";
import { formatLockRecord, parseLockRecord, parseProcStat } from "./daemon-lock";

describe("daemon lock record", () => {
  it("round-trips an owner and keeps the bare pid first, for older daemons that read only that", () => {
    const owner = { format: 2 as const, pid: 4242, version: "0.1.0", startedAt: 1, processStart: 77 };
    const text = formatLockRecord(owner);
    expect(Number.parseInt(text, 10)).toBe(4242);
    expect(parseLockRecord(text)).toEqual({ kind: "owner", owner });
  });

  it("tells a record of an older Berth, a newer one and a damaged one apart", () => {
    expect(parseLockRecord("123\n")).toEqual({ kind: "legacy", pid: 123 });
    expect(parseLockRecord('9\n{"format":3,"pid":9}\n')).toEqual({
      kind: "unknown",
      pid: 9,
      detail: "owner record format 3 (this Berth writes 2)",
    });
    expect(parseLockRecord("9\n{not json\n")).toMatchObject({ kind: "unknown", pid: 9 });
    expect(parseLockRecord("")).toMatchObject({ kind: "unknown", pid: undefined });
    expect(parseLockRecord("-5\n")).toMatchObject({ kind: "unknown", pid: undefined });
  });
});

describe("parseProcStat", () => {
  it("reads state and start time even when the command name holds spaces and parentheses", () => {
    const fields = ["Z", ...Array.from({ length: 18 }, (_, i) => String(i)), "98765", "0"];
    expect(parseProcStat(`77 (node (x) y) ${fields.join(" ")}`)).toEqual({ state: "Z", startTicks: 98765 });
    expect(parseProcStat("garbage")).toBeUndefined();
  });
});
