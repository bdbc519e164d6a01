import { writeFileSync } from "node:fs";
import { BERTH_VERSION, berthPaths, type DaemonNotice, MAX_MESSAGE_BYTES } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import type { PermissionEngine } from "@berth/permissions";
import { ApiKeyHelperRegistry, prewarmModelClient } from "@berth/providers";
import { openStore, type Store } from "@berth/store";
import { assertHomeWritable } from "./lifecycle/home-check";
import { acquireLock } from "./lifecycle/lock";
import { createLogger, type Logger } from "./lifecycle/logger";
import { writeToken } from "./lifecycle/token";
import { setUpHistory } from "./history/setup";
import { ClientConnection } from "./server/client-connection";
import { StoredKey } from "./credentials/stored-key";
import { SettingsService } from "./policy/settings-service";
import { createHandlers } from "./server/handlers";
import { createDoctorHandlers } from "./server/doctor-handlers";
import { createPolicyHandlers } from "./server/policy-handlers";
import { createMcpHandlers } from "./server/mcp-handlers";
import { McpService } from "./mcp/mcp-service";
import { createPrivacyHandlers } from "./server/privacy-handlers";
import { type RunningServer, startServer } from "./server/http";
import { type BufferLimits, DEFAULT_BUFFER_LIMITS } from "./server/send-budget";
import { Router } from "./server/router";
import { lazyAgentFactory, prewarmSessionModules } from "./sessions/session-modules";
import { createContextHandlers } from "./context/handlers";
import { ContextRegistry } from "./context/registry";
import { recoverInterruptedSessions } from "./sessions/crash-recovery";
import { SessionManager } from "./sessions/manager";
import { protectBerthHome } from "./secrets/secret-stores";
import { createCostHandlers } from "./spend/cost-handlers";
import { SpendTracker } from "./spend/spend-tracker";

export const DAEMON_VERSION = BERTH_VERSION;

/**
 * The permission engine (and its shell grammar, WebAssembly) loads with the first session, not
 * with an idle daemon.
 */
function lazyEngine(): () => Promise<PermissionEngine> {
  let engine: Promise<PermissionEngine> | undefined;
  return () => {
    engine ??= import("@berth/permissions").then(({ createPermissionEngine }) => createPermissionEngine());
    return engine;
  };
}
/** Clients connected at once. Real use is a handful (terminals, an editor); this bounds abuse. */
const MAX_CLIENTS = 256;

export interface DaemonOptions {
  home: string;
  /** Exit after this long with no clients and no running turns (0 = never). */
  idleTimeoutMs: number;
  tcpPort?: number;
  logger?: Logger;
  /** Managed policy files (default: the OS path). Tests point this at temp files. */
  managedPaths?: string[];
  /** `managed-mcp.json` (default: the OS path beside managed settings). Tests point this at temp files. */
  managedMcpPath?: string;
  /** Retention sweeps run at start and then this often (default 6 h; 0 = only at start). */
  retentionIntervalMs?: number;
  /** How long the start sweep waits for a client that lets it run (default 2 min). */
  retentionStartGraceMs?: number;
  /** When a client that does not read is dropped from live events (see send-budget.ts). */
  clientBufferLimits?: Partial<BufferLimits>;
}

export interface RunningDaemon {
  readonly home: string;
  readonly tcpPort: number | undefined;
  readonly store: Store;
  /** Resolves when the daemon has fully stopped. */
  readonly stopped: Promise<void>;
  shutdown(reason: string): Promise<void>;
  /**
   * Loads what the first session needs (the shell grammar, the SDK) now, overlapping the
   * client's connect and `initialize`. Only for a daemon started to serve a session at once:
   * an idle daemon stays without them.
   */
  prewarm(): Promise<void>;
}

/**
 * Starts the per-user daemon for one Berth home: lock, token, store, server, sessions.
 * Everything it owns is released by `shutdown` (SIGTERM, idle timeout or a client request).
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const paths = berthPaths(options.home);
  assertHomeWritable(options.home);
  protectBerthHome(options.home);
  const logger = options.logger ?? createLogger(paths.logsDir);
  const lock = await acquireLock(paths, DAEMON_VERSION);
  mark("daemon.lock");
  let store: Store | undefined;
  let server: RunningServer | undefined;
  try {
    store = openStore({ path: paths.db });
    recoverInterruptedSessions(store, logger);
    mark("daemon.store");
    const token = writeToken(paths.token);
    const openedStore = store;
    const settings = new SettingsService({
      berthHome: options.home,
      logger,
      ...(options.managedPaths ? { managedPaths: options.managedPaths } : {}),
    });
    const isTrusted = (projectRoot: string) => openedStore.getTrust(projectRoot)?.trusted === true;
    const storedKey = new StoredKey(options.home);
    // One registry for the whole daemon: sessions sharing an apiKeyHelper share its runs.
    const helperRegistry = new ApiKeyHelperRegistry();
    const mcp = new McpService({
      store,
      logger,
      berthHome: options.home,
      runDir: paths.runDir,
      ...(options.managedMcpPath ? { managedMcpPath: options.managedMcpPath } : {}),
    });
    // Servers a previous daemon left behind (it was killed) go before any new one starts.
    await mcp.registry.reapLeftovers();
    // Spend notices go through the history notice board (created below, after the manager).
    let publishSpend: (notice: DaemonNotice) => void = () => undefined;
    const spend = new SpendTracker({ store, publish: (notice) => publishSpend(notice) });
    const contexts = new ContextRegistry();
    const engine = lazyEngine();
    const manager = new SessionManager(
      store,
      lazyAgentFactory({
        store,
        logger,
        helperRegistry,
        settings,
        isTrusted,
        storedKey,
        mcp,
        engine,
        spend,
        telemetry: { logger, appVersion: DAEMON_VERSION },
        contexts,
      }),
      logger,
    );
    const connections = new Set<ClientConnection>();
    const history = setUpHistory({
      store,
      manager,
      logger,
      berthHome: options.home,
      ...(options.managedPaths ? { managedPaths: options.managedPaths } : {}),
      ...(options.retentionIntervalMs !== undefined
        ? { retentionIntervalMs: options.retentionIntervalMs }
        : {}),
      broadcast: (notice, durable) => {
        let reached = 0;
        for (const conn of connections) {
          if (!conn.initialized || !conn.isOpen) continue;
          conn.notify("daemon/notice", notice);
          if (!durable || conn.retentionIntent === "confirm") reached++;
        }
        return reached;
      },
      ...(options.retentionStartGraceMs !== undefined ? { startGraceMs: options.retentionStartGraceMs } : {}),
    });
    publishSpend = (notice) => history.notices.publish(notice);
    const startedAt = Date.now();
    let resolveStopped!: () => void;
    const stopped = new Promise<void>((r) => {
      resolveStopped = r;
    });
    let stopping: Promise<void> | undefined;

    const shutdown = (reason: string): Promise<void> => {
      stopping ??= (async () => {
        logger.info({ reason }, "daemon stopping");
        clearInterval(idleTimer);
        for (const conn of connections) conn.close();
        await history.stop();
        await manager.shutdown();
        await mcp.shutdown();
        await settings.close();
        await server?.close();
        store?.close();
        lock.release();
        logger.info("daemon stopped");
        logger.flush?.();
        resolveStopped();
      })();
      return stopping;
    };

    const router = new Router(
      createHandlers(
        manager,
        {
          version: DAEMON_VERSION,
          home: options.home,
          startedAt,
          clientCount: () => connections.size,
          requestShutdown: () => void shutdown("client request"),
          arrive: history.arrive,
        },
        {
          ...createPolicyHandlers({ store: openedStore, settings, isTrusted, storedKey }),
          ...createDoctorHandlers({ settings, isTrusted, storedKey, helperRegistry }),
          ...createMcpHandlers({ mcp, settings, isTrusted }),
          ...createCostHandlers({ store: openedStore, spend, settings, isTrusted }),
          ...createPrivacyHandlers({
            settings,
            isTrusted,
            store: openedStore,
            home: options.home,
            appVersion: DAEMON_VERSION,
          }),
          ...createContextHandlers(contexts),
        },
        history.handlers,
      ),
    );
    let lastActivity = Date.now();
    server = await startServer({
      socketPath: paths.socket,
      token,
      logger,
      maxPayloadBytes: MAX_MESSAGE_BYTES * 8,
      ...(options.tcpPort !== undefined ? { tcpPort: options.tcpPort } : {}),
      onConnection: (ws) => {
        // A runaway local script must not exhaust the daemon: past this many clients, refuse.
        if (connections.size >= MAX_CLIENTS) {
          logger.warn({ clients: connections.size }, "too many clients; connection refused");
          ws.close(1013, "too many clients connected to the Berth daemon; try again later");
          return;
        }
        const conn = new ClientConnection(
          ws,
          router,
          logger,
          (closed) => {
            connections.delete(closed);
            manager.detachEverywhere(closed.clientId);
            lastActivity = Date.now();
          },
          { ...DEFAULT_BUFFER_LIMITS, ...options.clientBufferLimits },
        );
        connections.add(conn);
        lastActivity = Date.now();
      },
    });
    mark("daemon.listening");
    if (server.tcpPort !== undefined)
      writeFileSync(paths.tcpPortFile, `${server.tcpPort}\n`, { mode: 0o600 });

    const idleTimer = setInterval(
      () => {
        if (options.idleTimeoutMs <= 0) return;
        if (connections.size > 0 || manager.busyCount > 0) {
          lastActivity = Date.now();
          return;
        }
        if (Date.now() - lastActivity >= options.idleTimeoutMs) void shutdown("idle timeout");
      },
      Math.max(250, Math.min(options.idleTimeoutMs || 60_000, 60_000)),
    );
    idleTimer.unref();

    history.start();
    logger.info({ home: options.home, socket: paths.socket, tcpPort: server.tcpPort }, "daemon ready");
    const prewarm = async (): Promise<void> => {
      const started = Date.now();
      // The grammar's WebAssembly compiles off the main thread while the SDK chunk and the session
      // modules load on it; the permissions chunk goes first so that compile starts at once.
      const grammar = engine().catch(() => undefined);
      await import("@berth/permissions").catch(() => undefined);
      await Promise.all([grammar, prewarmModelClient(), prewarmSessionModules()]);
      logger.debug(
        { ms: Date.now() - started },
        "prewarmed the session modules, the shell grammar and the model SDK",
      );
      mark("daemon.prewarmed");
    };
    return { home: options.home, tcpPort: server.tcpPort, store, stopped, shutdown, prewarm };
  } catch (error) {
    await server?.close();
    store?.close();
    lock.release();
    throw error;
  }
}
