import type { PermissionRequest, SessionEvent } from "@berth/protocol";
import { Spinner } from "./spinner";
import { style, summarizeCall } from "./style";

/**
 * Turns session events into terminal output. The same renderer draws live events and
 * replayed history, so attaching to a session shows exactly what its first client saw.
 */
export class Renderer {
  readonly spinner: Spinner;
  private midLine = false;
  private costUsd = 0;
  private tokens = { input: 0, output: 0 };

  constructor(private readonly out: NodeJS.WriteStream) {
    this.spinner = new Spinner(out);
  }

  get totals() {
    return { costUsd: this.costUsd, ...this.tokens };
  }

  write(text: string): void {
    this.spinner.stop();
    this.out.write(text);
    this.midLine = !text.endsWith("\n");
  }

  line(text: string): void {
    this.write(`${this.midLine ? "\n" : ""}${text}\n`);
  }

  render(event: SessionEvent): void {
    switch (event.type) {
      case "session_started":
        this.line(style.dim(`model ${event.model} · mode ${event.permissionMode} · ${event.cwd}`));
        return;
      case "user_message":
        this.line(`${style.bold(style.cyan("›"))} ${event.text}`);
        return;
      case "turn_started":
        this.spinner.start("Thinking…");
        return;
      case "assistant_text_delta":
        this.write(event.text);
        return;
      case "assistant_message":
        if (this.midLine) this.write("\n");
        return;
      case "tool_use":
        this.line(`${style.green("●")} ${style.bold(event.name)}(${summarizeCall(event.name, event.input)})`);
        this.spinner.start(`Running ${event.name}…`);
        return;
      case "tool_output_delta":
        this.write(style.dim(event.chunk));
        return;
      case "tool_result": {
        const lines = event.content.split("\n");
        // One row: a wrapped summary line would push the conversation off screen.
        const max = Math.max(40, (this.out.columns || 100) - 20);
        const first = lines[0] ?? "";
        const head = first.length > max ? `${first.slice(0, max - 1)}…` : first;
        const more = lines.length > 1 ? style.dim(` … +${lines.length - 1} lines`) : "";
        this.line(`  ⎿ ${event.isError ? style.red(head) : head}${more}`);
        return;
      }
      case "permission_request":
        this.renderPermission(event.request);
        return;
      case "permission_resolved":
        this.line(
          event.answer === "deny"
            ? style.red(`  ✗ denied${event.message ? `: ${event.message}` : ""}`)
            : style.green(`  ✓ ${event.answer.replace("_", " ")}`),
        );
        return;
      case "usage":
        this.costUsd += event.costUsd;
        this.tokens.input += event.usage.input_tokens;
        this.tokens.output += event.usage.output_tokens;
        return;
      case "turn_completed":
        this.line(
          style.dim(
            `(${(event.durationMs / 1000).toFixed(1)}s · ${event.usage.input_tokens} in / ${event.usage.output_tokens} out · $${event.costUsd.toFixed(4)})`,
          ),
        );
        return;
      case "turn_interrupted":
        this.line(style.yellow(`Interrupted: ${event.reason}`));
        return;
      case "turn_failed":
        this.line(style.red(`Error: ${event.error.message}`));
        return;
      case "mode_changed":
        this.line(style.magenta(`Permission mode: ${event.permissionMode}`));
        return;
      case "notice":
        this.line(event.level === "error" ? style.red(event.message) : style.yellow(event.message));
        return;
      case "status":
        if (event.status === "idle") this.spinner.stop();
        return;
    }
  }

  renderPermission(request: PermissionRequest): void {
    this.line("");
    this.line(style.yellow(`╭─ Permission needed: ${style.bold(request.tool)}`));
    this.line(`${style.yellow("│")} ${summarizeCall(request.tool, request.input)}`);
    if (request.modelDescription)
      this.line(`${style.yellow("│")} ${style.dim(`model says: ${request.modelDescription}`)}`);
    if (request.description) this.line(`${style.yellow("│")} ${request.description.summary}`);
    this.line(`${style.yellow("│")} ${style.dim(`why: ${request.reason}`)}`);
    this.line(
      style.yellow("╰─ ") +
        `${style.bold("[y]")} allow once  ${style.bold("[a]")} allow for this session  ${style.bold("[n]")} deny and tell the model`,
    );
  }
}
