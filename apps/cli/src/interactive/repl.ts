import type { BerthConnection, SessionView } from "@berth/client";
import type {
  PermissionMode,
  PermissionRequest,
  SessionEventNotification,
  SessionSnapshot,
} from "@berth/protocol";
import { berthHome } from "../connect";
import type { SlashHost } from "./commands/registry";
import { registry } from "./commands";
import { ContextCommands } from "./context-commands";
import { listFiles } from "./file-complete";
import { type Key, KeyInput, LineBuffer } from "./line-editor";
import { historyFile, PromptHistory, projectRoot } from "./prompt-history";
import { PromptLine } from "./prompt-line";
import { offersAlways, Renderer } from "./renderer";
import { style } from "./style";
import { snapshotText } from "./transcript";

const MODES: PermissionMode[] = ["default", "acceptEdits", "plan"];
const PROMPT = style.bold(style.cyan("› "));
const FEEDBACK_PROMPT = style.dim("Tell the model what to do instead (Enter to skip): ");

/** "switch": the user asked /resume for another session; the caller runs the picker. */
export type ReplEnd = "detached" | "disconnected" | "switch";

type State =
  | { kind: "input" }
  | { kind: "busy" }
  | { kind: "permission"; request: PermissionRequest }
  | { kind: "feedback"; request: PermissionRequest };

/**
 * The interactive terminal: type a message, watch the turn stream, answer permission
 * prompts with one key. Esc or Ctrl-C interrupts a running turn; a second Ctrl-C detaches and
 * leaves the session running in the daemon.
 */
export class Repl implements SlashHost {
  private readonly renderer = new Renderer(process.stdout);
  private readonly prompt = new PromptLine(process.stdout);
  private buffer = new LineBuffer();
  private history: PromptHistory | undefined;
  private state: State = { kind: "input" };
  private keys: KeyInput | undefined;
  private lastCtrlC = 0;
  mode: PermissionMode = "default";
  private readonly pending = new Map<string, PermissionRequest>();
  private exiting = false;
  private done!: (how: ReplEnd) => void;

  readonly context: ContextCommands;

  constructor(
    readonly conn: BerthConnection,
    private readonly view: SessionView,
  ) {
    this.context = new ContextCommands({
      conn,
      sessionId: view.sessionId,
      line: (text) => this.renderer.line(text),
      send: (text) => this.submit(text),
    });
  }

  /** Resolves when the user detaches, or with "disconnected" when the daemon went away. */
  async run(initialPrompt?: string): Promise<ReplEnd> {
    const finished = new Promise<ReplEnd>((r) => {
      this.done = r;
    });
    this.view.on("event", (note: SessionEventNotification) => this.onEvent(note));
    this.view.on("dropped", (reason: string) => this.onDropped(reason));
    // The daemon summarised instead of replaying (this client was far behind): draw the summary.
    this.view.on("snapshot", (snapshot: SessionSnapshot) => {
      this.hidePrompt();
      this.renderer.write(snapshotText(snapshot));
    });
    this.conn.on("close", () => {
      // Closing the connection is how a detach ends; only an unexpected close is news.
      if (this.exiting) return;
      this.say(style.red("Lost the connection to the Berth daemon."));
      this.exit("disconnected");
    });
    const attached = await this.view.attach(this.view.lastSeq);
    this.mode = attached.session.permissionMode;
    this.loadHistory(attached.session.cwd);
    this.keys = new KeyInput(process.stdin);
    this.keys.onKey((str, key) => this.onKey(str, key));
    const waiting = attached.pendingPermissions[0];
    if (attached.session.status === "running" || waiting) this.state = { kind: "busy" };
    if (waiting) this.showPermission(waiting);
    if (initialPrompt) void this.submit(initialPrompt);
    else if (this.state.kind === "input") this.drawPrompt();
    return finished;
  }

  private onEvent(note: SessionEventNotification): void {
    const event = note.event;
    // Output goes above the prompt: take the prompt line away, and put it back afterwards.
    const hadPrompt = this.prompt.shown;
    this.hidePrompt();
    this.renderer.render(event);
    switch (event.type) {
      case "turn_started":
        this.state = { kind: "busy" };
        break;
      case "permission_request":
        this.pending.set(event.request.requestId, event.request);
        this.showPermission(event.request);
        break;
      case "permission_resolved":
        this.pending.delete(event.requestId);
        if (this.state.kind === "permission" || this.state.kind === "feedback") {
          // Answered here or by another attached client: either way the question is over.
          if (this.state.request.requestId === event.requestId) {
            if (this.state.kind === "feedback") this.buffer.reset();
            this.state = { kind: "busy" };
          }
        }
        break;
      case "mode_changed":
        this.mode = event.permissionMode;
        break;
      case "status":
        if (event.status === "idle" && this.pending.size === 0) {
          this.state = { kind: "input" };
          this.drawPrompt();
        }
        break;
    }
    if (hadPrompt && !this.prompt.shown && (this.state.kind === "input" || this.state.kind === "feedback"))
      this.drawPrompt();
  }

  private showPermission(request: PermissionRequest): void {
    this.state = { kind: "permission", request };
    this.renderer.spinner.stop();
  }

  get sessionId(): string {
    return this.view.sessionId;
  }

  /** History shared by every terminal in this project, kept across runs (see prompt-history.ts). */
  private loadHistory(cwd: string): void {
    this.history = PromptHistory.load(historyFile(berthHome(), projectRoot(cwd)), (warning) =>
      this.renderer.line(style.yellow(warning)),
    );
    this.buffer = new LineBuffer({ history: this.history.entries, files: () => listFiles(process.cwd()) });
  }

  /** Draws (or redraws) the line being typed: a message, a history search, or feedback for a denial. */
  private drawPrompt(): void {
    const search = this.buffer.search;
    const modeHint = this.mode === "default" ? "" : style.magenta(`[${this.mode}] `);
    if (this.state.kind === "feedback") this.prompt.draw(FEEDBACK_PROMPT, this.buffer.text);
    else if (search)
      this.prompt.draw(style.dim(`(reverse-i-search)'${search.query}': `), this.buffer.searchMatch ?? "");
    else this.prompt.draw(`${modeHint}${PROMPT}`, this.buffer.text);
  }

  private hidePrompt(): void {
    this.prompt.hide();
  }

  /**
   * The daemon stopped sending this session's events: this terminal fell too far behind (catch
   * up from the last event seen), or the session was closed or deleted (then there is nothing
   * to re-attach to, and the prompt ends).
   */
  private onDropped(reason: string): void {
    this.say(style.yellow(`Detached by the daemon: ${reason}`));
    if (this.exiting || !this.conn.isOpen) return;
    this.view.attach(this.view.lastSeq).then(
      () => this.say(style.dim("Re-attached; caught up.")),
      (error: Error) => {
        this.say(style.yellow(error.message));
        this.exit("detached");
      },
    );
  }

  /** A line of output from the terminal itself, above the prompt. */
  private say(text: string): void {
    this.hidePrompt();
    this.renderer.line(text);
  }

  private onKey(str: string | undefined, key: Key): void {
    if (key.ctrl && key.name === "c") {
      this.onCtrlC();
      return;
    }
    // "Ctrl-C twice" means two presses in a row; anything typed in between starts over.
    this.lastCtrlC = 0;
    if (key.name === "escape" && (this.state.kind === "busy" || this.state.kind === "permission")) {
      this.interrupt();
      return;
    }
    if (key.ctrl && key.name === "d" && this.state.kind === "input" && this.buffer.text === "") {
      this.detach();
      return;
    }
    if (key.name === "tab" && key.shift) {
      void this.cycleMode();
      return;
    }
    const state = this.state;
    if (state.kind === "permission") {
      const choice = (str ?? "").toLowerCase();
      if (choice === "y") void this.answer(state.request, "allow_once");
      else if (choice === "a" && offersAlways(state.request)) void this.answer(state.request, "allow_always");
      else if (choice === "n") {
        this.state = { kind: "feedback", request: state.request };
        this.buffer.reset();
        this.drawPrompt();
      }
      return;
    }
    if (state.kind === "busy") return;
    const result = this.buffer.apply(str, key);
    if (state.kind === "feedback") {
      if (result === "submit") {
        const message = this.buffer.text.trim();
        this.buffer.reset();
        // The feedback stays on screen: it is the user's answer.
        this.prompt.keep();
        void this.answer(state.request, "deny", message || undefined);
      } else if (result === "changed") this.drawPrompt();
      return;
    }
    if (result === "submit") {
      const typed = this.buffer.text;
      const text = typed.trim();
      this.buffer.reset();
      if (!text) {
        this.drawPrompt();
        return;
      }
      this.history?.add(typed);
      this.buffer.reset();
      if (text.startsWith("/")) {
        // Slash commands stay on screen above their output.
        this.prompt.keep();
      } else {
        // A message is echoed by the session itself (user_message), for every attached client.
        this.hidePrompt();
      }
      void this.submit(text);
    } else if (result === "changed") {
      if (this.buffer.candidates.length) this.say(style.dim(this.buffer.candidates.join("  ")));
      this.drawPrompt();
    }
  }

  private async answer(
    request: PermissionRequest,
    answer: "allow_once" | "allow_always" | "deny",
    message?: string,
  ) {
    this.state = { kind: "busy" };
    try {
      await this.view.respond(request, answer, message);
    } catch (error) {
      this.say(style.yellow((error as Error).message));
    }
  }

  private async submit(text: string): Promise<void> {
    if (text.startsWith("/")) return this.slash(text);
    if (this.context.wants(text)) {
      await this.context.input(text).catch((error: Error) => this.say(style.red(error.message)));
      this.drawPrompt();
      return;
    }
    this.state = { kind: "busy" };
    try {
      await this.view.send(text);
    } catch (error) {
      this.say(style.red((error as Error).message));
      this.state = { kind: "input" };
      this.drawPrompt();
    }
  }

  private async slash(text: string): Promise<void> {
    const [name = "", ...args] = text.slice(1).split(/\s+/);
    const command = registry.find(name);
    if (!command) {
      const near = registry.suggest(name);
      this.renderer.line(
        style.yellow(
          `Unknown command /${name}.${near ? ` Did you mean /${near}?` : ""} Type /help for the list.`,
        ),
      );
      return this.drawPrompt();
    }
    // A refused request (session not live, untrusted folder, daemon error) is an answer, not a crash.
    const outcome = await Promise.resolve()
      .then(() => command.run(this, args))
      .catch((error: Error) => this.say(style.red(error.message)));
    if (outcome !== "exit") this.drawPrompt();
  }

  line(text: string): void {
    this.say(text);
  }

  send(text: string): Promise<void> {
    return this.submit(text);
  }

  /** `/resume`: leave this session running and let the caller pick the next one. */
  switchSession(): void {
    if (this.exiting) return;
    this.exiting = true;
    this.say(style.dim(`Left ${this.view.sessionId}; it keeps running in the daemon.`));
    void this.view
      .detach()
      .catch(() => undefined)
      .finally(() => this.exit("switch"));
  }

  private async cycleMode(): Promise<void> {
    const next = MODES[(MODES.indexOf(this.mode) + 1) % MODES.length] ?? "default";
    await this.setMode(next);
    if (this.state.kind === "input") this.drawPrompt();
  }

  async setMode(mode: PermissionMode): Promise<void> {
    try {
      await this.view.setMode(mode);
    } catch (error) {
      this.say(style.red((error as Error).message));
    }
  }

  private onCtrlC(): void {
    const now = Date.now();
    if (this.state.kind !== "input" && now - this.lastCtrlC > 1500) {
      this.lastCtrlC = now;
      this.interrupt("Interrupting… (press Ctrl-C again to detach)");
      return;
    }
    if (now - this.lastCtrlC <= 1500) {
      this.detach();
      return;
    }
    this.lastCtrlC = now;
    this.say(style.dim("Press Ctrl-C again to detach (the session keeps running in the daemon)."));
    this.drawPrompt();
  }

  private interrupt(message = "Interrupting…"): void {
    void this.view.interrupt().catch(() => undefined);
    this.say(style.dim(message));
  }

  detach(): void {
    if (this.exiting) return;
    this.exiting = true;
    this.say(style.dim(`Detached. The session lives on in the daemon: berth attach ${this.view.sessionId}`));
    void this.view
      .detach()
      .catch(() => undefined)
      .finally(() => this.exit("detached"));
  }

  private exit(how: ReplEnd): void {
    this.exiting = true;
    this.renderer.spinner.stop();
    this.keys?.close();
    this.done(how);
  }
}
