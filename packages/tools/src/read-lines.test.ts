import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./test-helpers.js";
import { lineWindowOf, readLineWindow } from "./tools/read-lines.js";
import { readSmallFile, SMALL_FILE_BYTES } from "./util/small-file.js";

// A small file is read whole and synchronously, a larger one streamed: both must give the same
// window for the same bytes, or a Read's answer would depend on the file's size.
describe("Read's two ways of reading a window", () => {
  const cases: [string, Buffer][] = [
    ["lines with CRLF and no final newline", Buffer.from("alpha\r\nbeta\n\ngamma")],
    ["multi-byte characters", Buffer.from("é€😀\n".repeat(300))],
    ["a long line", Buffer.from(`${"x".repeat(9000)}\nafter\n`)],
    ["a NUL byte early on", Buffer.from([65, 10, 0, 66])],
    ["a NUL byte after the sniffed part", Buffer.concat([Buffer.from("a\n".repeat(5000)), Buffer.from([0])])],
  ];
  const windows: [number, number, number][] = [
    [1, 2000, 100_000],
    [2, 3, 100_000],
    [1, 2000, 20],
    [400, 10, 100_000],
  ];
  for (const [name, bytes] of cases) {
    it(`agree on ${name}`, async () => {
      const file = join(tempDir(), "f.txt");
      writeFileSync(file, bytes);
      const whole = readSmallFile(file);
      expect(whole?.equals(bytes)).toBe(true);
      for (const [start, limit, maxChars] of windows) {
        const streamed = await readLineWindow(file, start, limit, maxChars);
        expect(lineWindowOf(bytes, start, limit, maxChars)).toEqual(streamed);
      }
    });
  }

  it("leaves larger files to the streaming reader", () => {
    const file = join(tempDir(), "big.txt");
    writeFileSync(file, "y".repeat(SMALL_FILE_BYTES + 1));
    expect(readSmallFile(file)).toBeUndefined();
  });

  it("does not block on a FIFO put where a file was checked", async () => {
    const fifo = join(tempDir(), "pipe");
    execFileSync("mkfifo", [fifo]);
    // Without O_NONBLOCK, open(2) would wait for a writer forever.
    expect(() => readSmallFile(fifo)).toThrow(/not a regular file/);
    await expect(readLineWindow(fifo, 1, 10, 1000)).rejects.toThrow(/not a regular file/);
  });
});
