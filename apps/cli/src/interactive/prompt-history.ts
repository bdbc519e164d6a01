// Prompt history for ↑/↓ and Ctrl-R, one JSON-lines file per project under the Berth home,
// like a shell's history file: what the user typed, except lines starting with a space.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

/** Entries kept; the file is rewritten down to this when it grows to twice as many lines. */
export const HISTORY_LIMIT = 500;

const Entry = z.object({ text: z.string(), at: z.number() });

/** The folder whose history a terminal shares: the nearest one up with a .git, else the folder itself. */
export function projectRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

export function historyFile(home: string, root: string): string {
  const key = createHash("sha256").update(root).digest("hex").slice(0, 16);
  return join(home, "prompt-history", `${key}.jsonl`);
}

export class PromptHistory {
  private lines = 0;

  private constructor(
    readonly file: string,
    readonly entries: string[],
  ) {
    this.lines = entries.length;
  }

  /** Reads the file; unreadable or corrupt lines are skipped and reported once through `warn`. */
  static load(file: string, warn: (message: string) => void): PromptHistory {
    const entries: string[] = [];
    let text = "";
    try {
      text = existsSync(file) ? readFileSync(file, "utf8") : "";
    } catch (error) {
      warn(`Prompt history ${file} could not be read (${(error as Error).message}); starting without it.`);
    }
    let bad = 0;
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let parsed: z.ZodSafeParseResult<z.infer<typeof Entry>>;
      try {
        parsed = Entry.safeParse(JSON.parse(line));
      } catch {
        bad++;
        continue;
      }
      if (parsed.success) entries.push(parsed.data.text);
      else bad++;
    }
    if (bad) warn(`Prompt history ${file}: ignored ${bad} corrupt line${bad === 1 ? "" : "s"}.`);
    const history = new PromptHistory(file, entries.slice(-HISTORY_LIMIT));
    history.lines = entries.length + bad;
    return history;
  }

  /**
   * Records a submitted line; never fatal (a read-only home loses history, not the session).
   * With CLAUDE_CODE_SKIP_PROMPT_HISTORY set nothing is written to disk (↑ still works in memory).
   */
  add(text: string, env: NodeJS.ProcessEnv = process.env): void {
    if (!text.trim() || text.startsWith(" ")) return;
    if (this.entries.at(-1) === text) return;
    this.entries.push(text);
    if (this.entries.length > HISTORY_LIMIT) this.entries.splice(0, this.entries.length - HISTORY_LIMIT);
    if (env.CLAUDE_CODE_SKIP_PROMPT_HISTORY) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      const row = `${JSON.stringify({ text, at: Date.now() })}\n`;
      if (this.lines + 1 >= HISTORY_LIMIT * 2) {
        const all = this.entries.map((t) => JSON.stringify({ text: t, at: Date.now() })).join("\n");
        writeFileSync(this.file, `${all}\n`, { mode: 0o600 });
        this.lines = this.entries.length;
      } else {
        appendFileSync(this.file, row, { mode: 0o600 });
        this.lines++;
      }
    } catch {
      // History is a convenience: failing to save it must not interrupt the prompt.
    }
  }
}
