import { randomUUID } from "node:crypto";
import type { PermissionAnswer, PermissionRequest } from "@berth/protocol";
import { ProtocolError } from "@berth/protocol";

export interface Answer {
  requestId?: string;
  answer: PermissionAnswer;
  message?: string;
  by: string;
}

interface Pending {
  request: PermissionRequest;
  resolve: (answer: Answer) => void;
}

/**
 * Permission questions are objects owned by the daemon, not by a client: every attached
 * client sees them, the first answer wins, and an unanswered one survives all clients
 * leaving (it is shown again to whoever attaches next).
 */
export class PermissionBroker {
  private readonly pending = new Map<string, Pending>();

  ask(
    fields: Omit<PermissionRequest, "requestId" | "createdAt">,
    signal: AbortSignal,
    announce: (request: PermissionRequest) => void,
  ): Promise<Answer> {
    const request: PermissionRequest = { ...fields, requestId: randomUUID(), createdAt: Date.now() };
    return new Promise<Answer>((resolve) => {
      const finish = (answer: Answer) => {
        signal.removeEventListener("abort", onAbort);
        this.pending.delete(request.requestId);
        resolve({ ...answer, requestId: request.requestId });
      };
      const onAbort = () => finish({ answer: "deny", message: "Interrupted by user", by: "interrupt" });
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener("abort", onAbort, { once: true });
      this.pending.set(request.requestId, { request, resolve: finish });
      announce(request);
    });
  }

  answer(requestId: string, answer: Answer): PermissionRequest {
    const entry = this.pending.get(requestId);
    if (!entry) {
      throw new ProtocolError(
        "AlreadyAnswered",
        "That permission request was already answered or has expired.",
      );
    }
    entry.resolve(answer);
    return entry.request;
  }

  list(): PermissionRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }
}
