/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { ToWebview } from "../messages";
import { ChatRenderer } from "./render";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const log = document.getElementById("log") as HTMLElement;
const input = document.getElementById("input") as HTMLTextAreaElement;
const renderer = new ChatRenderer(document, log, (m) => vscode.postMessage(m));
const history: string[] = [];
let sessionId = "";
let historyAt = 0;

window.addEventListener("message", (ev: MessageEvent) => {
  const parsed = ToWebview.safeParse(ev.data);
  if (!parsed.success) return; // only the extension host's validated messages are drawn
  const m = parsed.data;
  if (m.type === "reset") {
    renderer.reset();
    renderer.header(m.header);
    sessionId = m.header.sessionId;
  } else if (m.type === "header") renderer.header(m.header);
  else if (m.type === "events") {
    renderer.events(m.events);
    // Kept by VS Code across a window reload: the extension restores the panel and tells the
    // user how many events happened after this one.
    if (sessionId) vscode.setState({ sessionId, lastSeq: renderer.lastSeq });
  } else if (m.type === "insert") {
    const at = input.selectionStart;
    input.value = input.value.slice(0, at) + m.text + input.value.slice(input.selectionEnd);
    input.selectionStart = input.selectionEnd = at + m.text.length;
    input.focus();
  } else renderer.notice(m.level, m.text);
});

function submit(): void {
  const text = input.value.trim();
  if (!text) return;
  vscode.postMessage({ type: "send", text });
  history.push(text);
  historyAt = history.length;
  input.value = "";
}

document.getElementById("composer")?.addEventListener("submit", (e) => {
  e.preventDefault();
  submit();
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    submit();
  } else if (
    e.key === "@" &&
    (input.selectionStart === 0 || /\s/.test(input.value[input.selectionStart - 1] ?? ""))
  ) {
    // The @ stays typed; the picked path is inserted after it.
    setTimeout(() => vscode.postMessage({ type: "mention" }), 0);
  } else if (e.key === "ArrowUp" && input.value === "" && historyAt > 0) {
    input.value = history[--historyAt] ?? "";
  }
});
document
  .getElementById("interrupt")
  ?.addEventListener("click", () => vscode.postMessage({ type: "interrupt" }));
vscode.postMessage({ type: "ready" });
