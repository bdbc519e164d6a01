import { mcpStatusLine } from "../commands/mcp";
import type { PermissionRequest, SessionEvent } from "@berth/protocol";
import { paint, sanitize, visibleWidth } from "./markdown/ansi";
import { MarkdownStream } from "./markdown/stream";
import { Spinner } from "./spinner";
import { style, summarizeCall } from "./style";
import { changePreview, resultLine } from "./tool-view";

/**
 * Turns session events into terminal output. The same renderer draws live events and
 * replayed history, so attaching to a session shows exactly what its first client saw.
 */
export class Renderer {
  readonly spinner: Spinner;
  private midLine = false;
  /** Tool calls in flight: their input (for result lines) and whether output streamed live. */
  private readonly calls = new Map<string, { input: unknown; streamed: boolean }>();
  private costUsd = 0;
  private tokens = { input: 0, output: 0 };

  /** Markdown styling of the model's text; off (plain text) for NO_COLOR or a non-terminal. */
  private readonly markdown: MarkdownStream | undefined;
  /** The incomplete line of model text on screen, raw, until it is complete and styled. */
  private shownPartial = "";

  constructor(
    private readonly out: NodeJS.WriteStream,
    options: { markdown?: boolean } = {},
  ) {
    this.spinner = new Spinner(out);
    const rich = options.markdown ?? (out.isTTY === true && !process.env.NO_COLOR);
    this.markdown = rich ? new MarkdownStream(paint(true), () => out.columns || 80) : undefined;
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
    if (event.type !== "assistant_text_delta") this.endText();
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
        this.text(sanitize(event.text));
        return;
      case "assistant_message":
        if (this.midLine) this.write("\n");
        return;
      case "tool_use":
        this.calls.set(event.toolUseId, { input: event.input, streamed: false });
        this.line(`${style.green("●")} ${style.bold(event.name)}(${summarizeCall(event.name, event.input)})`);
        this.spinner.start(`Running ${event.name}…`);
        return;
      case "tool_output_delta": {
        const call = this.calls.get(event.toolUseId);
        if (call) call.streamed = true;
        this.write(style.dim(event.chunk));
        return;
      }
      case "tool_result": {
        const call = this.calls.get(event.toolUseId);
        this.calls.delete(event.toolUseId);
        const line = resultLine(
          event.name,
          call?.input,
          event.content,
          event.isError,
          call?.streamed ?? false,
        );
        this.line(`  ⎿ ${line}`);
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
      case "compaction":
        this.line(
          style.dim(
            event.trigger === "clear"
              ? "Conversation cleared: the model starts fresh (the earlier messages stay in history)."
              : `Conversation compacted (${event.trigger}): ${event.summarizedMessages} messages summarised, ${event.keptMessages} kept · ~${Math.round(event.preTokens / 1000)}k → ~${Math.round(event.postTokens / 1000)}k tokens.`,
          ),
        );
        return;
      case "notice":
        this.line(
          event.level === "error"
            ? style.red(event.message)
            : event.level === "warning"
              ? style.yellow(event.message)
              : style.dim(event.message),
        );
        return;
      case "status":
        if (event.status === "idle") this.spinner.stop();
        return;
      case "mcp_status":
        this.line(mcpStatusLine(event));
        return;
    }
  }

  /** Model text as it streams: complete lines styled, the line being written shown raw. */
  private text(delta: string): void {
    if (!this.markdown) {
      this.write(delta);
      return;
    }
    const lines = this.markdown.push(delta);
    if (lines.length > 0) {
      this.erasePartial();
      this.write(lines.join(""));
    }
    const partial = this.markdown.partial;
    if (partial.startsWith(this.shownPartial)) {
      const added = partial.slice(this.shownPartial.length);
      if (added) this.write(added);
    } else {
      this.erasePartial();
      if (partial) this.write(partial);
    }
    this.shownPartial = partial;
  }

  /** The message (or the turn) ended: style the rest and close any open block. */
  private endText(): void {
    if (!this.markdown) return;
    const lines = this.markdown.end();
    this.erasePartial();
    if (lines.length > 0) this.write(lines.join(""));
  }

  /** Takes the raw partial line off the screen, including rows it wrapped onto. */
  private erasePartial(): void {
    if (!this.shownPartial) return;
    const columns = this.out.columns || 80;
    const rowsUp = Math.max(0, Math.ceil(visibleWidth(this.shownPartial) / columns) - 1);
    this.out.write(`${rowsUp > 0 ? `\x1b[${rowsUp}A` : ""}\r\x1b[J`);
    this.shownPartial = "";
    this.midLine = false;
  }

  renderPermission(request: PermissionRequest): void {
    this.line("");
    this.line(style.yellow(`╭─ Permission needed: ${style.bold(request.tool)}`));
    this.line(`${style.yellow("│")} ${summarizeCall(request.tool, request.input)}`);
    if (request.modelDescription)
      this.line(`${style.yellow("│")} ${style.dim(`model says: ${request.modelDescription}`)}`);
    for (const preview of changePreview(request.tool, request.input))
      this.line(`${style.yellow("│")} ${preview}`);
    if (request.description) this.line(`${style.yellow("│")} ${request.description.summary}`);
    this.line(`${style.yellow("│")} ${style.dim(`why: ${request.reason}`)}`);
    this.line(
      style.yellow("╰─ ") +
        `${style.bold("[y]")} allow once  ${alwaysLabel(request)}${style.bold("[n]")} deny and tell the model`,
    );
  }
}

/** Commands and domains are saved for the project; other tools are allowed for this session. */
const PERSISTED_TOOLS = new Set(["Bash", "WebFetch", "WebSearch"]);
const EDIT_TOOLS = new Set(["Edit", "MultiEdit", "Write", "NotebookEdit"]);

/** Whether the prompt offers an "always" answer: edits (for the session) or a rule to save. */
export function offersAlways(request: PermissionRequest): boolean {
  return EDIT_TOOLS.has(request.tool) || request.suggestions.length > 0;
}

function alwaysLabel(request: PermissionRequest): string {
  if (EDIT_TOOLS.has(request.tool)) return `${style.bold("[a]")} allow all edits this session  `;
  if (request.suggestions.length === 0) return "";
  const what = request.suggestions.join(", ");
  const scope = PERSISTED_TOOLS.has(request.tool)
    ? "don't ask again in this project"
    : "allow for this session";
  return `${style.bold("[a]")} ${scope} (${what})  `;
}
