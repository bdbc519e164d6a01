import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { disableTimings, enableTimings, mark, type TimingMark } from "./timings";

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-timings-"));
  dirs.push(dir);
  return join(dir, "marks.jsonl");
}
const lines = (file: string): TimingMark[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));

afterEach(() => {
  disableTimings();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("timing marks", () => {
  it("writes nothing and calls no writer while off", () => {
    let calls = 0;
    expect(enableTimings("cli", undefined, () => calls++)).toBe(false);
    expect(enableTimings("cli", "", () => calls++)).toBe(false);
    mark("cli.anything", "Read");
    expect(calls).toBe(0);
  });

  it("appends one JSON line per mark, starting with <process>.main", () => {
    const file = tempFile();
    expect(enableTimings("daemon", file, appendFileSync)).toBe(true);
    mark("tool.start", "Read");
    mark("tool.reported");
    const marks = lines(file);
    expect(marks.map((m) => m.mark)).toEqual(["daemon.main", "tool.start", "tool.reported"]);
    for (const m of marks) {
      expect(m.proc).toBe("daemon");
      expect(m.pid).toBe(process.pid);
      // ms counts from process start; at is the same instant on the epoch clock.
      expect(m.ms).toBeGreaterThan(0);
      expect(m.at).toBeCloseTo(performance.timeOrigin + m.ms, 3);
    }
    expect(marks[1]).toMatchObject({ detail: "Read" });
    expect(marks[2]).not.toHaveProperty("detail");
    expect(marks[1]!.ms).toBeGreaterThanOrEqual(marks[0]!.ms);
    expect(Math.abs(marks[2]!.at - Date.now())).toBeLessThan(5000);
  });

  it("never throws when the file cannot be written", () => {
    enableTimings("cli", join(tempFile(), "missing-dir", "marks.jsonl"), appendFileSync);
    expect(() => mark("cli.y")).not.toThrow();
  });

  it("writes the marks of another copy of this module to the same file (a second bundle)", async () => {
    const file = tempFile();
    enableTimings("cli", file, appendFileSync);
    vi.resetModules();
    const copy = await import("./timings");
    expect(copy.mark).not.toBe(mark);
    copy.mark("cli.from-copy");
    expect(lines(file).map((m) => m.mark)).toEqual(["cli.main", "cli.from-copy"]);
  });

  it("stops writing once disabled", () => {
    const file = tempFile();
    enableTimings("cli", file, appendFileSync);
    disableTimings();
    mark("cli.after");
    expect(lines(file).map((m) => m.mark)).toEqual(["cli.main"]);
  });
});
