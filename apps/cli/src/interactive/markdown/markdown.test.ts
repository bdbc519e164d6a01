import { createRequire } from "node:module";
import type { SessionEvent } from "@berth/protocol";
import { describe, expect, it } from "vitest";
import { Renderer } from "../renderer";
import { paint, sanitize } from "./ansi";
import { MarkdownStream } from "./stream";

const require = createRequire(import.meta.url);
const { Terminal } = require("@xterm/headless") as typeof import("@xterm/headless");

const ANSWER = [
  "## Done",
  "",
  "I changed **two** files and ran `npm test`:",
  "",
  "- `src/a.ts`: *renamed* a function",
  "- [x] tests pass",
  "1. see [the docs](https://example.com/docs)",
  "",
  "> quoted note",
  "",
  "| file | lines |",
  "|---|--:|",
  "| a.ts | 12 |",
  "| longer-name.ts | 3 |",
  "",
  "```ts",
  "const answer: number = 42; // the answer",
  "```",
  "---",
  "Plain end.",
].join("\n");

/** A terminal on screen: what a user sees after the bytes, cursor moves and erases are applied. */
async function screenOf(write: (out: NodeJS.WriteStream) => void): Promise<{ lines: string[]; raw: string }> {
  // convertEol: a terminal (ONLCR) returns the carriage on "\n".
  const term = new Terminal({ cols: 60, rows: 40, allowProposedApi: true, convertEol: true });
  let raw = "";
  const pending: Promise<void>[] = [];
  const out = {
    isTTY: true,
    columns: 60,
    write(chunk: string) {
      raw += chunk;
      pending.push(new Promise((r) => term.write(chunk, r)));
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  write(out);
  await Promise.all(pending);
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? "");
  while (lines.length && lines.at(-1) === "") lines.pop();
  return { lines, raw };
}

const delta = (text: string): SessionEvent => ({ type: "assistant_text_delta", text }) as SessionEvent;

describe("Markdown in the terminal", () => {
  it("styles a streamed answer, whatever the chunking, leaving no raw partial line behind", async () => {
    const expected = [
      "Done",
      "",
      "I changed two files and ran npm test:",
      "",
      "• src/a.ts: renamed a function",
      "• ☑ tests pass",
      "1. see the docs (https://example.com/docs)",
      "",
      "│ quoted note",
      "",
      "┌────────────────┬───────┐",
      "│ file           │ lines │",
      "├────────────────┼───────┤",
      "│ a.ts           │ 12    │",
      "│ longer-name.ts │ 3     │",
      "└────────────────┴───────┘",
      "",
      "  ts",
      "  const answer: number = 42; // the answer",
      "─".repeat(60),
      "Plain end.",
    ];
    for (const size of [1, 3, 17, ANSWER.length]) {
      const { lines, raw } = await screenOf((out) => {
        const r = new Renderer(out, { markdown: true });
        for (let i = 0; i < ANSWER.length; i += size) r.render(delta(ANSWER.slice(i, i + size)));
        r.render({ type: "assistant_message" } as SessionEvent);
      });
      expect(lines, `chunks of ${size}`).toEqual(expected);
      expect(raw).toContain("\x1b[1m\x1b[4mDone"); // heading: bold, underlined
      expect(raw).toContain("\x1b[35mconst\x1b[39m"); // highlighted keyword
    }
  });

  it("a long line that wraps while streaming is replaced cleanly when it completes", async () => {
    const long = `**${"word ".repeat(30).trim()}** end`;
    const { lines } = await screenOf((out) => {
      const r = new Renderer(out, { markdown: true });
      for (const ch of `${long}\nnext`) r.render(delta(ch));
      r.render({ type: "assistant_message" } as SessionEvent);
    });
    expect(lines.join("\n")).toBe(
      `${"word ".repeat(30).trim()} end`
        .match(/.{1,60}/g)
        ?.join("\n")
        .concat("\nnext"),
    );
  });

  it("plain output without a terminal: the text as written", async () => {
    const { raw } = await screenOf((out) => {
      const r = new Renderer(out, { markdown: false });
      r.render(delta("## Done\n**bold**"));
      r.render({ type: "assistant_message" } as SessionEvent);
    });
    expect(raw).toBe("## Done\n**bold**\n");
  });

  it("never passes the model's escape sequences to the terminal", async () => {
    expect(sanitize("a\x1b]0;pwned\x07b\x1b[2Jc\x9b31m\n\td")).toBe("a]0;pwnedb[2Jc31m\n\td");
    const { raw } = await screenOf((out) => {
      const r = new Renderer(out, { markdown: true });
      r.render(delta("safe \x1b[2J\x1b]52;c;ZXZpbA==\x07 text\n"));
    });
    expect(raw).not.toMatch(/\x1b\[2J|\x1b\]52/);
  });

  it("keeps table rows without a separator line as text, and code in an unknown language as it is", () => {
    const md = new MarkdownStream(paint(false));
    const out = [...md.push("| not | a table |\nplain\n```weird\nx = 1\n```\n"), ...md.end()];
    expect(out).toEqual(["| not | a table |\n", "plain\n", "  weird\n", "  x = 1\n"]);
  });
});
