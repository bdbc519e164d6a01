// The 20-step task of startup.bench.mjs: the project it runs in and the tool calls the fake
// model makes, in the tool names and input fields Berth and Claude Code share (Read, Glob,
// Grep, Edit, Bash), so both clients do the same work against the same replies.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const STEPS = 20;
export const STEP_MARKER = "bench-steps";
export const STEP_PROMPT = `${STEP_MARKER}: look around the project, then tidy src/ (20 steps).`;
/** What each client is allowed to do without asking, so a `-p` run never stops at a prompt. */
export const ALLOWED_TOOLS = ["Read", "Glob", "Grep", "Edit", "Bash(ls:*)"];
const CYCLE = ["Read", "Glob", "Grep", "Edit", "Bash"];
const FILES = CYCLE.length - 1;

/** A few small files (fresh for every run: the task edits them). */
export function writeProject(project) {
  rmSync(join(project, "src"), { recursive: true, force: true });
  mkdirSync(join(project, "src"), { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const lines = Array.from({ length: 30 }, (_, n) => `export const value${i}_${n} = ${n};`);
    writeFileSync(join(project, "src", `mod${i}.ts`), `${lines.join("\n")}\n`);
  }
  writeFileSync(
    join(project, "README.md"),
    "# bench project\n\nA few small files for the startup benchmark.\n",
  );
}

/** The tool call of step `k` (0-based): a Read, Glob, Grep, Edit, `ls` cycle over the files. */
export function stepCall(project, k) {
  const cycle = Math.floor(k / CYCLE.length);
  const file = join(project, "src", `mod${cycle % FILES}.ts`);
  const id = `toolu_bench_${String(k).padStart(2, "0")}`;
  switch (CYCLE[k % CYCLE.length]) {
    case "Read":
      return { id, name: "Read", input: { file_path: file } };
    case "Glob":
      return { id, name: "Glob", input: { pattern: "**/*.ts" } };
    case "Grep":
      return { id, name: "Grep", input: { pattern: `value${cycle % FILES}_1\\d`, output_mode: "content" } };
    case "Edit": {
      // A different line each cycle, so a file edited twice still has the text to replace.
      const line = `value${cycle % FILES}_${cycle + 5} = ${cycle + 5};`;
      return {
        id,
        name: "Edit",
        input: { file_path: file, old_string: line, new_string: line.replace(";", "0;") },
      };
    }
    default:
      return { id, name: "Bash", input: { command: "ls src", description: "List the source files" } };
  }
}
