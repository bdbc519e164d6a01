import { describe, expect, it } from "vitest";
import { applyCarriageReturns, stripTerminalNoise } from "./shell/ansi.js";
import { MarkerStream } from "./shell/markers.js";
import { OutputCollector, truncateMiddle } from "./truncate.js";

describe("truncateMiddle", () => {
  it("leaves text that fits unchanged", () => {
    expect(truncateMiddle("short", 10)).toBe("short");
  });

  it("keeps head and tail within the limit and says how much was cut", () => {
    const text = `HEAD${"x".repeat(10_000)}TAIL`;
    const out = truncateMiddle(text, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.startsWith("HEAD")).toBe(true);
    expect(out.endsWith("TAIL")).toBe(true);
    const omitted = Number(/\[(\d+) characters truncated\]/.exec(out)?.[1]);
    expect(omitted).toBe(
      text.length - (out.length - out.match(/\n\n\.\.\. \[\d+ characters truncated\] \.\.\.\n\n/)![0].length),
    );
  });
});

describe("OutputCollector", () => {
  it("holds bounded memory and reports the dropped middle", () => {
    const collector = new OutputCollector(100);
    for (let i = 0; i < 1000; i++) collector.push(`${String(i).padStart(4, "0")}\n`);
    const { text, dropped } = collector.snapshot();
    expect(text.length).toBe(200);
    expect(dropped).toBe(5000 - 200);
    const out = truncateMiddle(text, 100, dropped);
    expect(out.startsWith("0000\n")).toBe(true);
    expect(out.endsWith("0999\n")).toBe(true);
    expect(Number(/\[(\d+) characters truncated\]/.exec(out)?.[1])).toBeGreaterThan(4800);
  });
});

describe("terminal noise", () => {
  it("strips escapes and control characters and resolves redraws", () => {
    expect(stripTerminalNoise("\x1b[1;32mok\x1b[0m\r\n\x1b]0;title\x07x\x07")).toBe("ok\nx");
    expect(stripTerminalNoise("_\bb_\bo_\bl_\bd")).toBe("bold");
    expect(applyCarriageReturns("a\n10%\r55%\r100%\nb\r")).toBe("a\n100%\nb");
  });
});

describe("MarkerStream", () => {
  it("finds markers split across arbitrary chunk boundaries", () => {
    const nonce = "abcdef0123456789";
    const raw = `junk before\n__BERTH_BEGIN_${nonce}\nhello \x1b[31mworld\x1b[0m\r\nbye\n__BERTH_END_${nonce}:4:/some:dir:${nonce}\nafter`;
    for (const size of [1, 2, 3, 7, 50]) {
      let body = "";
      const stream = new MarkerStream(nonce, (raw) => {
        body += raw;
      });
      let end: ReturnType<MarkerStream["push"]>;
      for (let i = 0; i < raw.length && !end; i += size) end = stream.push(raw.slice(i, i + size));
      expect(end).toEqual({ exitCode: 4, cwd: "/some:dir" });
      expect(stripTerminalNoise(body)).toBe("hello world\nbye");
    }
  });
});
