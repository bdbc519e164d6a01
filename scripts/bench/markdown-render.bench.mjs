#!/usr/bin/env node
// Interactive render of a 2,000-line Markdown answer: the terminal client's Renderer fed the
// answer as 40-character deltas (as the model streams it), styled (headings, lists, tables,
// highlighted code) against plain text in the same run. Output goes to a counting stream, so
// the figure is the client's own work, not the terminal emulator's.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { median, report, round } from "./lib/common.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "apps/cli/node_modules/.cache/bench-renderer.mjs");
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(root, "apps/cli/src/interactive/renderer.ts")],
  outfile: out,
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning",
});
const { Renderer } = await import(pathToFileURL(out).href);

function answer(lines) {
  const parts = [];
  for (let i = 0; parts.length < lines; i++) {
    parts.push(
      `## Section ${i}`,
      "",
      `Paragraph with **bold**, *italic*, \`code\` and [a link](https://example.com/${i}) in it.`,
      `- item one of ${i}`,
      "- [ ] a task",
      "",
      "| name | value |",
      "|---|---|",
      `| row ${i} | ${i * 7} |`,
      "",
      "```ts",
      `export function f${i}(x: number): string { return \`v\${x}\`; } // comment`,
      "```",
      "",
    );
  }
  return parts.slice(0, lines).join("\n");
}

const text = answer(2000);
const sink = {
  isTTY: true,
  columns: 120,
  bytes: 0,
  write(s) {
    this.bytes += s.length;
    return true;
  },
};
function render(markdown) {
  const r = new Renderer(sink, { markdown });
  const t0 = performance.now();
  for (let i = 0; i < text.length; i += 40)
    r.render({ type: "assistant_text_delta", text: text.slice(i, i + 40) });
  r.render({ type: "assistant_message" });
  return performance.now() - t0;
}
const RUNS = 7;
const rich = [];
const plain = [];
render(true);
render(false);
for (let i = 0; i < RUNS; i++) {
  rich.push(render(true));
  plain.push(render(false));
}
const m = median(rich);
const b = median(plain);
process.stdout.write(
  `2,000-line answer (${text.length} chars, ${Math.ceil(text.length / 40)} deltas): styled ${round(m, 1)} ms, plain ${round(b, 1)} ms\n`,
);
report({
  bench: "markdown-render",
  lines: 2000,
  styledMs: round(m, 1),
  plainMs: round(b, 1),
  perLineUs: round((m / 2000) * 1000, 1),
  ratio: round(m / b, 1),
});
