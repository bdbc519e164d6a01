// Secrets the daemon holds never reach the model, the transcript or a client through a tool:
// every tool's streamed output, result text and display data pass through here at dispatch,
// the one point all tool results (built-in, and later MCP and hooks) go through.
import type { SessionEvent } from "@berth/protocol";
import type { SecretRedactor } from "@berth/providers";

export interface ToolOutputRedaction {
  /** A live output chunk, redacted; a tail that may start a secret is held back. */
  chunk(text: string): string;
  /** The held-back tail of the live output, if any (emit before the result). */
  flush(): string;
  result<D>(content: string, display: D): { content: string; display: D };
  /** Tells the session which secrets were masked (names only), once per tool call. */
  warn(): void;
}

const NO_REDACTION: ToolOutputRedaction = {
  chunk: (text) => text,
  flush: () => "",
  result: (content, display) => ({ content, display }),
  warn: () => {},
};

export function toolOutputRedaction(
  redactor: SecretRedactor | undefined,
  toolName: string,
  emit: (event: SessionEvent) => void,
): ToolOutputRedaction {
  if (!redactor) return NO_REDACTION;
  const found = new Set<string>();
  const note = (names: string[]) => {
    for (const n of names) found.add(n);
  };
  const stream = redactor.stream();
  return {
    chunk(text) {
      const r = stream.push(text);
      note(r.names);
      return r.text;
    },
    flush() {
      const r = stream.flush();
      note(r.names);
      return r.text;
    },
    result(content, display) {
      const text = redactor.redact(content);
      const shown = redactor.redactDeep(display);
      note(text.names);
      note(shown.names);
      return { content: text.text, display: shown.value };
    },
    warn() {
      if (found.size === 0) return;
      emit({
        type: "notice",
        level: "warning",
        message:
          `${toolName} output contained the value of ${[...found].join(", ")}; it was replaced by a ` +
          "[REDACTED:...] marker before being shown, stored or sent to the model.",
      });
    },
  };
}
