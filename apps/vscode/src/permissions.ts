import type { PermissionRequest } from "@berth/protocol";
import type { ChoiceItem, Host, PendingChoice } from "./host";
import type { Answer } from "./messages";
import { proposedEdit } from "./proposed";

export type Responder = (request: PermissionRequest, answer: Answer) => Promise<void>;

interface Open {
  choice: PendingChoice<Answer>;
  closeDiff?: () => void;
}

/**
 * Permission requests as native UI. An edit opens the diff editor (current against proposed)
 * with Accept / Reject; anything else shows the engine's plain-words description and its reason
 * with allow once / always / deny. The first answer from any client wins: when the daemon reports
 * the request resolved, the question here is withdrawn.
 */
export class PermissionController {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly host: Host,
    private readonly respond: Responder,
  ) {}

  get pending(): string[] {
    return [...this.open.keys()];
  }

  async ask(request: PermissionRequest): Promise<void> {
    if (this.open.has(request.requestId)) return;
    const edit = proposedEdit(request.tool, request.input);
    const entry: Partial<Open> = {};
    this.open.set(request.requestId, entry as Open);
    if (edit) {
      entry.closeDiff = await this.host.showDiff(
        { title: edit.path, content: edit.current },
        { title: `${edit.path} (proposed)`, content: edit.proposed },
        `Berth wants to ${request.tool === "Write" ? "write" : "edit"} ${edit.path}`,
      );
    }
    if (!this.open.has(request.requestId)) {
      entry.closeDiff?.(); // answered elsewhere while the diff opened
      return;
    }
    entry.choice = this.host.choose<Answer>(
      `Permission needed: ${request.tool}`,
      request.reason,
      items(request, edit ? `${request.tool} ${edit.path} (see the diff editor)` : undefined),
    );
    const answer = await entry.choice.result;
    if (!this.open.has(request.requestId)) return; // withdrawn: another client answered
    this.close(request.requestId);
    if (answer) await this.respond(request, answer);
  }

  /** The daemon resolved a request (here or from another client): withdraw its question. */
  resolved(requestId: string): void {
    this.close(requestId);
  }

  dispose(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }

  private close(requestId: string): void {
    const entry = this.open.get(requestId);
    if (!entry) return;
    this.open.delete(requestId);
    entry.choice?.cancel();
    entry.closeDiff?.();
  }
}

function items(request: PermissionRequest, editSummary: string | undefined): ChoiceItem<Answer>[] {
  const isEdit = editSummary !== undefined;
  const what =
    editSummary ?? request.description?.summary ?? request.modelDescription ?? describeInput(request.input);
  const always = request.suggestions.length
    ? [
        {
          label: "Allow always",
          detail: `Saves: ${request.suggestions.join(", ")}`,
          value: "allow_always" as const,
        },
      ]
    : [];
  return [
    { label: isEdit ? "Accept" : "Allow once", detail: what, value: "allow_once" },
    ...always,
    { label: isEdit ? "Reject" : "Deny", detail: `Reason asked: ${request.reason}`, value: "deny" },
  ];
}

function describeInput(input: unknown): string {
  const text = JSON.stringify(input) ?? "";
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
