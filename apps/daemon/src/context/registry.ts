// The daemon's view of every live session's context (for `/memory`, `/hooks`, `#` notes), and
// the user's approvals of memory imports from outside the working directories, per project.
// Approvals last as long as the daemon: "asked once" per project and daemon run.
import type { SessionContext } from "./session-context";

export class ContextRegistry {
  readonly #sessions = new Map<string, SessionContext>();
  readonly #approvals = new Map<string, Set<string>>();

  register(sessionId: string, context: SessionContext): void {
    this.#sessions.set(sessionId, context);
  }

  unregister(sessionId: string, context: SessionContext): void {
    if (this.#sessions.get(sessionId) === context) this.#sessions.delete(sessionId);
  }

  get(sessionId: string): SessionContext | undefined {
    return this.#sessions.get(sessionId);
  }

  isApproved(projectRoot: string, realPath: string): boolean {
    return this.#approvals.get(projectRoot)?.has(realPath) ?? false;
  }

  approve(projectRoot: string, realPaths: readonly string[]): void {
    const set = this.#approvals.get(projectRoot) ?? new Set<string>();
    for (const path of realPaths) set.add(path);
    this.#approvals.set(projectRoot, set);
  }
}
