import type { MethodName } from "@berth/protocol";
import type { HistoryService } from "../history/history-service";
import type { SessionManager } from "../sessions/manager";
import type { Handlers } from "./router";

type HistoryMethod = Extract<
  MethodName,
  | "session/resume"
  | "session/fork"
  | "session/setTitle"
  | "session/messages"
  | "history/search"
  | "history/export"
  | "history/delete"
  | "history/prune"
  | "history/confirmSweep"
  | "history/retention"
>;

/** Resume, fork, titles, paged transcripts, search, export, deletion and retention. */
export function createHistoryHandlers(deps: {
  manager: SessionManager;
  history: HistoryService;
}): Pick<Handlers, HistoryMethod> {
  const { manager, history } = deps;
  return {
    async "session/resume"(_conn, params) {
      const session = await manager.resume(params);
      return { session: manager.info(session.id) };
    },
    "session/fork": (_conn, params) => history.fork(params),
    "session/setTitle": (_conn, params) => history.setTitle(params),
    "session/messages": (_conn, params) => history.messages(params),
    "history/search": (_conn, params) => history.search(params),
    "history/export": (_conn, params) => history.exportChunk(params),
    "history/delete": (_conn, params) => history.delete(params),
    "history/prune": (_conn, params) => history.prune(params),
    "history/confirmSweep": async (_conn, params) => ({ sweep: await history.confirmSweep(params.approve) }),
    "history/retention": () => history.retention(),
  };
}
