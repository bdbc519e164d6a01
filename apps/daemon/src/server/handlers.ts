import {
  type DaemonNotice,
  PROTOCOL_VERSION,
  ProtocolError,
  type RetentionConfirmation,
  type RetentionIntent,
} from "@berth/protocol";
import type { SessionManager } from "../sessions/manager";
import type { createHistoryHandlers } from "./history-handlers";
import type { createDoctorHandlers } from "./doctor-handlers";
import type { createPolicyHandlers } from "./policy-handlers";
import type { createMcpHandlers } from "./mcp-handlers";
import type { createCostHandlers } from "../spend/cost-handlers";
import type { createPrivacyHandlers } from "./privacy-handlers";
import type { createContextHandlers } from "../context/handlers";
import type { Handlers } from "./router";

export interface DaemonInfo {
  version: string;
  home: string;
  startedAt: number;
  clientCount: () => number;
  requestShutdown: () => void;
  /**
   * A client arrived: lets the start-up retention sweep run as its intent allows and hands over
   * the notices no client has seen yet (plus a sweep waiting for the user's consent).
   */
  arrive?: (
    intent: RetentionIntent,
  ) => Promise<{ notices: DaemonNotice[]; retentionConfirmation: RetentionConfirmation | null }>;
}

export function createHandlers(
  manager: SessionManager,
  daemon: DaemonInfo,
  policy: ReturnType<typeof createPolicyHandlers> &
    ReturnType<typeof createDoctorHandlers> &
    ReturnType<typeof createMcpHandlers> &
    ReturnType<typeof createCostHandlers> &
    ReturnType<typeof createPrivacyHandlers> &
    ReturnType<typeof createContextHandlers>,
  history: ReturnType<typeof createHistoryHandlers>,
): Handlers {
  return {
    ...policy,
    ...history,
    async initialize(conn, params) {
      if (params.protocolVersion !== PROTOCOL_VERSION) {
        throw new ProtocolError(
          "UnsupportedVersion",
          `This daemon speaks protocol ${PROTOCOL_VERSION}; the client sent ${params.protocolVersion}. Update the client or restart the daemon (\`berth daemon stop\`).`,
        );
      }
      // Taken before the connection counts as initialized, so a notice broadcast meanwhile is
      // not sent ahead of this result (where the client could not yet listen for it).
      const { notices, retentionConfirmation } = (await daemon.arrive?.(params.retention)) ?? {
        notices: [],
        retentionConfirmation: null,
      };
      conn.initialized = true;
      conn.clientName = params.clientInfo.name;
      conn.retentionIntent = params.retention;
      return {
        protocolVersion: PROTOCOL_VERSION,
        serverInfo: { name: "berth-daemon", version: daemon.version, pid: process.pid },
        clientId: conn.clientId,
        notices,
        retentionConfirmation,
      };
    },
    async "session/create"(_conn, params) {
      const session = await manager.create(params);
      return { session: session.snapshot() };
    },
    "session/list"(_conn, params) {
      return manager.list(params);
    },
    "session/get"(_conn, params) {
      return { session: manager.info(params.sessionId) };
    },
    "session/attach"(conn, params) {
      return manager.attach(
        params.sessionId,
        conn.subscriberFor(params.sessionId),
        params.afterSeq,
        params.maxReplay,
      );
    },
    "session/detach"(conn, params) {
      manager.get(params.sessionId)?.detach(conn.clientId);
      conn.forget(params.sessionId);
      return {};
    },
    "session/send"(_conn, params) {
      return { turnId: manager.require(params.sessionId).send(params.text) };
    },
    "session/interrupt"(_conn, params) {
      return { interrupted: manager.require(params.sessionId).interrupt() };
    },
    "session/compact"(_conn, params) {
      manager.require(params.sessionId).compact(params.instructions);
      return { queued: true as const };
    },
    "session/clear"(_conn, params) {
      manager.require(params.sessionId).clear();
      return { queued: true as const };
    },
    async "session/close"(_conn, params) {
      return { closed: await manager.close(params.sessionId) };
    },
    "session/setMode"(_conn, params) {
      const session = manager.require(params.sessionId);
      session.setMode(params.permissionMode);
      return { permissionMode: session.permissionMode };
    },
    "permission/respond"(conn, params) {
      manager
        .require(params.sessionId)
        .answerPermission(params.requestId, params.answer, conn.clientId, params.message);
      return { accepted: true as const };
    },
    "daemon/status"() {
      return {
        pid: process.pid,
        version: daemon.version,
        protocolVersion: PROTOCOL_VERSION,
        home: daemon.home,
        startedAt: daemon.startedAt,
        uptimeMs: Date.now() - daemon.startedAt,
        liveSessions: manager.liveCount,
        clients: daemon.clientCount(),
        rssBytes: process.memoryUsage().rss,
      };
    },
    "daemon/shutdown"() {
      setImmediate(daemon.requestShutdown);
      return {};
    },
  };
}
