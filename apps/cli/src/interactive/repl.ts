import { mcpOverview } from "../commands/mcp";
import type { BerthConnection, SessionView } from "@berth/client";
import type {
  PermissionMode,
  PermissionRequest,
  SessionEventNotification,
  SessionSnapshot,
} from "@berth/protocol";
import { statusText } from "../commands/cost-format";
import { type Key, KeyInput, LineBuffer } from "./line-editor";
import { visibleWidth } from "./markdown/ansi";
import { offersAlways, Renderer } from "./renderer";
import { bugReport } from "../commands/privacy";
import { ContextCommands } from "./context-commands";
import { style } from "./style";
import { snapshotText } from "./transcript";

const MODES: PermissionMode[] = ["default", "acceptEdits", "plan"];
const PROMPT = style.bold(style.cyan("› "));
const FEEDBACK_PROMPT = style.dim("Tell the model what to do instead (Enter to skip): ");

export type ReplEnd = "detached" | "disconnected";

type State =
  | { kind: "input" }
  | { kind: "busy" }
  | { kind: "permission"; request: PermissionRequest }
  | { kind: "feedback"; request: PermissionRequest };

/**
 * The interactive terminal: type a message, watch the turn stream, answer permission
 * prompts with one key. Ctrl-C interrupts a running turn; a second Ctrl-C detaches and
 * leaves the session running in the daemon.
 */
export class Repl {
  private readonly renderer = new Renderer(process.stdout);
  private readonly buffer = new LineBuffer();
  private state: State = { kind: "input" };
  private keys: KeyInput | undefined;
  private lastCtrlC = 0;
  private mode: PermissionMode = "default";
  private readonly pending = new Map<string, PermissionRequest>();
  /** Columns taken by the prompt line on screen (0 when none is drawn), so output can replace it. */
  private promptWidth = 0;
  private exiting = false;
  private done!: (how: ReplEnd) => void;

  private readonly context: ContextCommands;

  constructor(
    private readonly conn: BerthConnection,
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
    const hadPrompt = this.promptWidth > 0;
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
            if (this.state.kind === "feedback") this.buffer.text = "";
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
    if (
      hadPrompt &&
      this.promptWidth === 0 &&
      (this.state.kind === "input" || this.state.kind === "feedback")
    )
      this.drawPrompt();
  }

  private showPermission(request: PermissionRequest): void {
    this.state = { kind: "permission", request };
    this.renderer.spinner.stop();
  }

  /** Draws (or redraws) the line being typed: a message, or feedback for a denial. */
  private drawPrompt(): void {
    const modeHint = this.mode === "default" ? "" : style.magenta(`[${this.mode}] `);
    const label = this.state.kind === "feedback" ? FEEDBACK_PROMPT : `${modeHint}${PROMPT}`;
    this.hidePrompt();
    const line = `${label}${this.buffer.text}`;
    process.stdout.write(line);
    this.promptWidth = Math.max(1, visibleWidth(line));
  }

  /** Erases the prompt line, including the rows it wrapped onto, leaving the cursor at its start. */
  private hidePrompt(): void {
    if (this.promptWidth === 0) return;
    const columns = process.stdout.columns || 80;
    const rowsAbove = Math.max(0, Math.ceil(this.promptWidth / columns) - 1);
    process.stdout.write(`${rowsAbove > 0 ? `\x1b[${rowsAbove}A` : ""}\r\x1b[J`);
    this.promptWidth = 0;
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
        this.buffer.text = "";
        this.drawPrompt();
      }
      return;
    }
    if (state.kind === "busy") return;
    const result = this.buffer.apply(str, key);
    if (state.kind === "feedback") {
      if (result === "submit") {
        const message = this.buffer.text.trim();
        this.buffer.text = "";
        // The feedback stays on screen: it is the user's answer.
        process.stdout.write("\n");
        this.promptWidth = 0;
        void this.answer(state.request, "deny", message || undefined);
      } else if (result === "changed") this.drawPrompt();
      return;
    }
    if (result === "submit") {
      const text = this.buffer.text.trim();
      this.buffer.text = "";
      if (!text) {
        this.drawPrompt();
        return;
      }
      if (text.startsWith("/")) {
        // Slash commands stay on screen above their output.
        process.stdout.write("\n");
        this.promptWidth = 0;
      } else {
        // A message is echoed by the session itself (user_message), for every attached client.
        this.hidePrompt();
      }
      void this.submit(text);
    } else if (result === "changed") this.drawPrompt();
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
    const [cmd, ...args] = text.slice(1).split(/\s+/);
    switch (cmd) {
      case "exit":
      case "quit":
      case "detach":
        return this.detach();
      case "cost":
        await this.showCost();
        break;
      case "bug":
        await this.reportBug(args.join(" "));
        break;
      case "compact":
        await this.maintain("session/compact", args.join(" "));
        break;
      case "clear":
        await this.maintain("session/clear");
        break;
      case "mode":
        if (args[0]) await this.setMode(args[0] as PermissionMode);
        else this.renderer.line(`Permission mode: ${this.mode}`);
        break;
      case "mcp":
        try {
          this.renderer.line(await mcpOverview(this.conn, args[0]));
        } catch (error) {
          this.say(style.red((error as Error).message));
        }
        break;
      case "help":
        this.renderer.line(
          [
            "/mcp [name] MCP servers of this folder: approval, status, tools",
            "/cost      cost of this session, today and this month, and the spend limits",
            "/mode [m]  show or set the permission mode (default, acceptEdits, plan)",
            "/compact [what to keep]  summarise the older conversation to free context",
            "/clear     start the conversation afresh (history keeps the old one)",
            "/bug [text] write a bug report for this session (sent only to your bugReportUrl)",
            "/exit      detach; the session keeps running in the daemon",
            "/memory    memory files and where they came from; /memory <n> opens one in $EDITOR",
            "/hooks     configured hooks and the file each came from",
            "/init      ask the model to write a CLAUDE.md for this project",
            "# <note>   add a line to a memory file you pick",
            "Shift+Tab cycles permission modes · Ctrl-C interrupts · Ctrl-C twice detaches",
          ].join("\n"),
        );
        break;
      default:
        if (await this.context.slash(cmd, args)) break;
        this.renderer.line(style.yellow(`Unknown command /${cmd}. Type /help for the list.`));
    }
    this.drawPrompt();
  }

  private async showCost(): Promise<void> {
    try {
      const status = await this.conn.request("cost/status", {
        cwd: process.cwd(),
        sessionId: this.view.sessionId,
      });
      this.renderer.line(statusText(status));
    } catch (error) {
      this.renderer.line(style.red(`Cost unavailable: ${(error as Error).message}`));
    }
  }

  /** `/compact [instructions]` and `/clear`: queued in the daemon; the session's events tell the outcome. */
  private async maintain(method: "session/compact" | "session/clear", instructions?: string): Promise<void> {
    try {
      await this.conn.request(method, {
        sessionId: this.view.sessionId,
        ...(method === "session/compact" && instructions ? { instructions } : {}),
      });
    } catch (error) {
      this.say(style.red((error as Error).message));
    }
  }

  private async reportBug(description: string): Promise<void> {
    try {
      const { lines } = await bugReport(this.conn, {
        sessionId: this.view.sessionId,
        description,
        send: true,
      });
      this.renderer.line(lines.join("\n"));
    } catch (error) {
      this.say(style.yellow((error as Error).message));
    }
  }

  private async cycleMode(): Promise<void> {
    const next = MODES[(MODES.indexOf(this.mode) + 1) % MODES.length] ?? "default";
    await this.setMode(next);
    if (this.state.kind === "input") this.drawPrompt();
  }

  private async setMode(mode: PermissionMode): Promise<void> {
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
      void this.view.interrupt().catch(() => undefined);
      this.say(style.dim("Interrupting… (press Ctrl-C again to detach)"));
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

  private detach(): void {
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
