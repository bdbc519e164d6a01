import type { BerthConnection, SessionView } from "@berth/client";
import type { PermissionMode, PermissionRequest, SessionEventNotification } from "@berth/protocol";
import { type Key, KeyInput, LineBuffer } from "./line-editor";
import { Renderer } from "./renderer";
import { style } from "./style";

const MODES: PermissionMode[] = ["default", "acceptEdits", "plan"];
const PROMPT = style.bold(style.cyan("› "));

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
  private done!: () => void;

  constructor(
    private readonly conn: BerthConnection,
    private readonly view: SessionView,
  ) {}

  async run(initialPrompt?: string): Promise<void> {
    const finished = new Promise<void>((r) => {
      this.done = r;
    });
    this.view.on("event", (note: SessionEventNotification) => this.onEvent(note));
    this.view.on("dropped", (reason: string) =>
      this.renderer.line(style.yellow(`Detached by the daemon: ${reason}`)),
    );
    this.conn.on("close", () => {
      this.renderer.line(style.red("Lost the connection to the Berth daemon."));
      this.exit();
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
    await finished;
  }

  private onEvent(note: SessionEventNotification): void {
    const event = note.event;
    if (this.state.kind === "input" && this.buffer.text === "") process.stdout.write("\r\x1b[2K");
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
          if (this.state.request.requestId === event.requestId) this.state = { kind: "busy" };
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
  }

  private showPermission(request: PermissionRequest): void {
    this.state = { kind: "permission", request };
    this.renderer.spinner.stop();
  }

  private drawPrompt(): void {
    const modeHint = this.mode === "default" ? "" : style.magenta(`[${this.mode}] `);
    process.stdout.write(`\r\x1b[2K${modeHint}${PROMPT}${this.buffer.text}`);
  }

  private onKey(str: string | undefined, key: Key): void {
    if (key.ctrl && key.name === "c") {
      this.onCtrlC();
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
      else if (choice === "a") void this.answer(state.request, "allow_session");
      else if (choice === "n") {
        this.state = { kind: "feedback", request: state.request };
        this.buffer.text = "";
        process.stdout.write(style.dim("Tell the model what to do instead (Enter to skip): "));
      }
      return;
    }
    if (state.kind === "busy") return;
    const result = this.buffer.apply(str, key);
    if (state.kind === "feedback") {
      if (result === "submit") {
        const message = this.buffer.text.trim();
        this.buffer.text = "";
        process.stdout.write("\n");
        void this.answer(state.request, "deny", message || undefined);
      } else if (result === "changed") {
        process.stdout.write(
          `\r\x1b[2K${style.dim("Tell the model what to do instead: ")}${this.buffer.text}`,
        );
      }
      return;
    }
    if (result === "submit") {
      const text = this.buffer.text.trim();
      this.buffer.text = "";
      process.stdout.write("\n");
      if (text) void this.submit(text);
      else this.drawPrompt();
    } else if (result === "changed") this.drawPrompt();
  }

  private async answer(
    request: PermissionRequest,
    answer: "allow_once" | "allow_session" | "deny",
    message?: string,
  ) {
    this.state = { kind: "busy" };
    try {
      await this.view.respond(request, answer, message);
    } catch (error) {
      this.renderer.line(style.yellow((error as Error).message));
    }
  }

  private async submit(text: string): Promise<void> {
    if (text.startsWith("/")) return this.slash(text);
    this.state = { kind: "busy" };
    try {
      await this.view.send(text);
    } catch (error) {
      this.renderer.line(style.red((error as Error).message));
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
      case "cost": {
        const t = this.renderer.totals;
        this.renderer.line(
          `Total cost: $${t.costUsd.toFixed(4)} · ${t.input} input / ${t.output} output tokens`,
        );
        break;
      }
      case "mode":
        if (args[0]) await this.setMode(args[0] as PermissionMode);
        else this.renderer.line(`Permission mode: ${this.mode}`);
        break;
      case "help":
        this.renderer.line(
          [
            "/cost      token usage and cost of this session so far",
            "/mode [m]  show or set the permission mode (default, acceptEdits, plan)",
            "/exit      detach; the session keeps running in the daemon",
            "Shift+Tab cycles permission modes · Ctrl-C interrupts · Ctrl-C twice detaches",
          ].join("\n"),
        );
        break;
      default:
        this.renderer.line(style.yellow(`Unknown command /${cmd}. Type /help for the list.`));
    }
    this.drawPrompt();
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
      this.renderer.line(style.red((error as Error).message));
    }
  }

  private onCtrlC(): void {
    const now = Date.now();
    if (this.state.kind !== "input" && now - this.lastCtrlC > 1500) {
      this.lastCtrlC = now;
      void this.view.interrupt().catch(() => undefined);
      this.renderer.line(style.dim("Interrupting… (press Ctrl-C again to detach)"));
      return;
    }
    if (now - this.lastCtrlC <= 1500) {
      this.detach();
      return;
    }
    this.lastCtrlC = now;
    this.renderer.line(style.dim("Press Ctrl-C again to detach (the session keeps running in the daemon)."));
    this.drawPrompt();
  }

  private detach(): void {
    this.renderer.line(
      style.dim(`Detached. The session lives on in the daemon: berth attach ${this.view.sessionId}`),
    );
    void this.view
      .detach()
      .catch(() => undefined)
      .finally(() => this.exit());
  }

  private exit(): void {
    this.renderer.spinner.stop();
    this.keys?.close();
    this.done();
  }
}
