/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Header, WireEvent } from "../messages";
import { escapeHtml, renderMarkdown } from "./markdown";

type Ev = WireEvent["event"] & Record<string, unknown>;
export type Post = (message: unknown) => void;

/**
 * Draws session events into the log: user and assistant messages (Markdown, streamed as deltas
 * arrive), tool calls collapsed with their results, permission questions with buttons, notices.
 */
export class ChatRenderer {
  private readonly streaming = new Map<string, { el: HTMLElement; text: string }>();
  private readonly tools = new Map<string, HTMLDetailsElement>();
  private readonly questions = new Map<string, HTMLElement>();
  lastSeq = 0;

  constructor(
    private readonly doc: Document,
    private readonly log: HTMLElement,
    private readonly post: Post,
  ) {}

  reset(): void {
    this.log.replaceChildren();
    this.streaming.clear();
    this.tools.clear();
    this.questions.clear();
    this.lastSeq = 0;
  }

  header(h: Header): void {
    const set = (id: string, text: string) => {
      const el = this.doc.getElementById(id);
      if (el) el.textContent = text;
    };
    set("title", h.title);
    set("status", h.connected ? h.status.replace("_", " ") : "disconnected");
    set("mode", h.mode);
    set("cost", `$${h.costUsd.toFixed(h.costUsd > 0 && h.costUsd < 0.01 ? 4 : 2)}`);
    this.doc.body.dataset.status = h.status;
  }

  events(list: WireEvent[]): void {
    const stick = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 40;
    for (const item of list) {
      if (item.seq <= this.lastSeq) continue; // each event once, even if sent twice
      this.lastSeq = item.seq;
      this.one(item.event as Ev);
    }
    if (stick) this.log.scrollTop = this.log.scrollHeight;
  }

  notice(level: string, text: string): void {
    this.add("div", `notice ${level}`, escapeHtml(text));
  }

  private one(e: Ev): void {
    switch (e.type) {
      case "user_message":
        this.add("div", "msg user", renderMarkdown(String(e.text)));
        break;
      case "assistant_text_delta": {
        const key = `${e.messageId}:${e.index}`;
        let s = this.streaming.get(key);
        if (!s) {
          s = { el: this.add("div", "msg assistant streaming", ""), text: "" };
          this.streaming.set(key, s);
        }
        s.text += String(e.text);
        s.el.innerHTML = renderMarkdown(s.text);
        break;
      }
      case "assistant_message": {
        const blocks = (e.content as Array<{ type: string; text?: string }>) ?? [];
        blocks.forEach((b, index) => {
          if (b.type !== "text" || !b.text) return;
          const key = `${e.messageId}:${index}`;
          const s = this.streaming.get(key);
          const el = s?.el ?? this.add("div", "msg assistant", "");
          el.classList.remove("streaming");
          el.innerHTML = renderMarkdown(b.text);
          this.streaming.delete(key);
        });
        break;
      }
      case "tool_use": {
        const d = this.doc.createElement("details");
        d.className = "tool";
        d.innerHTML = `<summary><span class="tool-name">${escapeHtml(String(e.name))}</span> <span class="tool-arg">${escapeHtml(summarise(e.input))}</span></summary><pre class="tool-input">${escapeHtml(JSON.stringify(e.input, null, 2) ?? "")}</pre><pre class="tool-output"></pre>`;
        this.log.append(d);
        this.tools.set(String(e.toolUseId), d);
        break;
      }
      case "tool_output_delta":
        this.tools.get(String(e.toolUseId))?.querySelector(".tool-output")?.append(String(e.chunk));
        break;
      case "tool_result": {
        const d = this.tools.get(String(e.toolUseId));
        const out = d?.querySelector(".tool-output");
        if (d && out) {
          out.textContent = String(e.content);
          d.classList.add(e.isError ? "error" : "ok");
        }
        break;
      }
      case "permission_request":
        this.question(
          e.request as { requestId: string; tool: string; reason: string; description?: { summary: string } },
        );
        break;
      case "permission_resolved": {
        const q = this.questions.get(String(e.requestId));
        if (q) {
          q.classList.add("resolved");
          for (const b of q.querySelectorAll("button")) b.disabled = true;
          const verdict = q.querySelector(".verdict");
          if (verdict)
            verdict.textContent = `${e.answer === "deny" ? "✗ denied" : "✓ allowed"}${e.message ? `: ${e.message}` : ""}`;
        }
        break;
      }
      case "turn_interrupted":
        this.notice("warning", "Interrupted.");
        break;
      case "turn_failed":
        this.notice("error", String((e.error as { message?: string })?.message ?? "The turn failed."));
        break;
      case "notice":
        this.notice(String(e.level), String(e.message));
        break;
      default:
        break;
    }
  }

  private question(r: {
    requestId: string;
    tool: string;
    reason: string;
    description?: { summary: string };
  }): void {
    const el = this.add(
      "div",
      "permission",
      `<div class="q-title">Permission needed: ${escapeHtml(r.tool)}</div>` +
        (r.description ? `<div class="q-what">${escapeHtml(r.description.summary)}</div>` : "") +
        `<div class="q-reason">${escapeHtml(r.reason)}</div>` +
        '<div class="q-buttons"><button data-answer="allow_once">Allow once</button><button data-answer="allow_always">Always allow</button><button data-answer="deny">Deny</button></div><div class="verdict"></div>',
    );
    el.dataset.requestId = r.requestId;
    for (const b of el.querySelectorAll("button")) {
      b.addEventListener("click", () =>
        this.post({ type: "answer", requestId: r.requestId, answer: b.dataset.answer }),
      );
    }
    this.questions.set(r.requestId, el);
  }

  private add(tag: string, className: string, html: string): HTMLElement {
    const el = this.doc.createElement(tag);
    el.className = className;
    el.innerHTML = html;
    this.log.append(el);
    return el;
  }
}

function summarise(input: unknown): string {
  if (input && typeof input === "object") {
    const o = input as Record<string, unknown>;
    const v = o.command ?? o.file_path ?? o.path ?? o.pattern ?? o.url;
    if (typeof v === "string") return v.length > 80 ? `${v.slice(0, 79)}…` : v;
  }
  return "";
}
