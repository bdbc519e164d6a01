// `/memory`, `/memory <n>`, `/memory approve`, `/hooks`, `/init` and the `#` note prefix: what
// the project tells the agent, shown and edited from the terminal through the context/* methods.
import { spawnSync } from "node:child_process";
import type { BerthConnection } from "@berth/client";
import { style } from "./style";

/** What `/init` and `berth init` ask the model; the Write it proposes is approved like any edit. */
export const INIT_PROMPT =
  "Please analyze this codebase and create a CLAUDE.md file in the project root for future agent sessions. " +
  "Include the commands to build, lint and test (and to run a single test), and a short description of the " +
  "architecture and conventions that are not obvious from a single file. If a CLAUDE.md exists, suggest " +
  "improvements to it instead. Keep it concise; do not invent facts you did not see in the code.";

const SCOPES = ["project", "local", "user"] as const;

export interface ContextCommandHost {
  conn: BerthConnection;
  sessionId: string;
  line(text: string): void;
  send(text: string): Promise<void>;
}

export class ContextCommands {
  /** A `#` note waiting for the user to pick its file. */
  #pendingNote: string | undefined;

  constructor(private readonly host: ContextCommandHost) {}

  /** True when `text` is for us: a `#` note, or the answer to "which file?". */
  wants(text: string): boolean {
    return this.#pendingNote !== undefined || (text.startsWith("#") && text.slice(1).trim().length > 0);
  }

  async input(text: string): Promise<void> {
    if (this.#pendingNote === undefined) {
      this.#pendingNote = text.slice(1).trim();
      this.host.line(
        `Save "${this.#pendingNote}" to: ${style.bold("[1]")} project CLAUDE.md  ${style.bold("[2]")} CLAUDE.local.md  ${style.bold("[3]")} your user memory  (anything else cancels)`,
      );
      return;
    }
    const note = this.#pendingNote;
    this.#pendingNote = undefined;
    const scope = SCOPES[Number(text.trim()) - 1];
    if (!scope) return this.host.line(style.dim("Not saved."));
    const { path } = await this.host.conn.request("context/remember", {
      sessionId: this.host.sessionId,
      scope,
      text: note,
    });
    this.host.line(style.green(`Saved to ${path}`));
  }

  /** Handles `/memory`, `/hooks`, `/init`; false for anything else. */
  async slash(cmd: string | undefined, args: string[]): Promise<boolean> {
    const run =
      cmd === "memory"
        ? () => this.#memory(args)
        : cmd === "hooks"
          ? () => this.#hooks(args[0] === "accept")
          : cmd === "init"
            ? () => this.host.send(INIT_PROMPT)
            : undefined;
    if (!run) return false;
    // A refused request (session not live, untrusted folder) is an answer, not a crash.
    await run().catch((error: Error) => this.host.line(style.red(error.message)));
    return true;
  }

  async #memory(args: string[]): Promise<void> {
    const sessionId = this.host.sessionId;
    const memory = await this.host.conn.request("context/memory", { sessionId });
    if (!memory.loaded) return this.host.line(style.dim("Memory loads with the session's first message."));
    if (args[0] === "approve") {
      if (memory.pendingImports.length === 0)
        return this.host.line(style.dim("No imports are waiting for approval."));
      const { approved } = await this.host.conn.request("context/approveImports", {
        sessionId,
        paths: memory.pendingImports,
      });
      return this.host.line(style.green(`Approved and loaded: ${approved.join(", ")}`));
    }
    if (args[0]) {
      const file = memory.files.find((f) => f.index === Number(args[0]));
      if (!file) return this.host.line(style.yellow(`No memory file ${args[0]}; /memory lists them.`));
      return openInEditor(file.path, this.host.line);
    }
    if (memory.files.length === 0) this.host.line(style.dim("No memory files are loaded."));
    for (const f of memory.files) {
      const via = f.importedFrom ? ` via ${f.importedFrom}` : "";
      this.host.line(
        `${style.bold(String(f.index).padStart(2))}. ${f.path} ${style.dim(`(${f.origin}${via}, ${f.lines} lines)`)}`,
      );
    }
    for (const p of memory.problems) this.host.line(style.yellow(`   ${p.message}`));
    if (memory.pendingImports.length > 0)
      this.host.line(style.dim("   /memory approve loads the imports waiting for approval."));
    this.host.line(style.dim("/memory <n> opens a file in $EDITOR; # <note> adds a line to a memory file."));
  }

  async #hooks(accept: boolean): Promise<void> {
    const sessionId = this.host.sessionId;
    if (accept) {
      const { accepted } = await this.host.conn.request("context/acceptHooks", { sessionId });
      return this.host.line(
        style.green(`Accepted ${accepted} changed hook group${accepted === 1 ? "" : "s"}.`),
      );
    }
    const { hooks, pending } = await this.host.conn.request("context/hooks", { sessionId });
    if (hooks.length + pending.length === 0) return this.host.line(style.dim("No hooks are configured."));
    const show = (h: (typeof hooks)[number], note?: string) => {
      const matcher = h.matcher ? ` [${h.matcher}]` : "";
      const why = note ?? (h.inactive ? `not run: ${h.inactive}` : undefined);
      const off = why ? style.yellow(` (${why})`) : "";
      this.host.line(`${style.bold(h.event)}${matcher} ${h.command} ${style.dim(`from ${h.source}`)}${off}`);
    };
    for (const h of hooks) show(h);
    for (const h of pending) show(h, "changed since the session started: /hooks accept to run it");
  }
}

function openInEditor(path: string, line: (text: string) => void): void {
  const editor = process.env.VISUAL || process.env.EDITOR || "vi";
  const raw = process.stdin.isTTY && process.stdin.isRaw;
  if (raw) process.stdin.setRawMode(false);
  // Synchronous on purpose: the editor owns the terminal until it exits.
  const run = spawnSync(`${editor} "$BERTH_MEMORY_FILE"`, {
    shell: true,
    stdio: "inherit",
    env: { ...process.env, BERTH_MEMORY_FILE: path },
  });
  if (raw) process.stdin.setRawMode(true);
  if (run.status !== 0) line(style.yellow(`${editor} exited with ${run.status ?? run.signal}.`));
  else line(style.dim(`Edited ${path}; the session reloads it.`));
}
