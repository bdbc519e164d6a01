import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BerthConnection, SessionView } from "@berth/client";
import {
  berthPaths,
  type ParamsOf,
  type RetentionIntent,
  type SessionEvent,
  type SessionEventNotification,
  type SessionInfo,
} from "@berth/protocol";
import {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  makeTempDir,
  startFakeAnthropic,
} from "@berth/testkit";
import pino from "pino";
import { type DaemonOptions, type RunningDaemon, startDaemon } from "../src/daemon";

export interface TestDaemon {
  daemon: RunningDaemon;
  home: string;
  /** The temp folder holding home, project and the managed settings file. */
  root: string;
  project: string;
  fake: FakeAnthropic;
  /** A client; `retention` as the CLI sends it (default: lets the start-up sweep run). */
  connect(name?: string, retention?: RetentionIntent): Promise<BerthConnection>;
  token(): string;
  /** Stops the daemon and starts a new one on the same home (clients must reconnect). */
  restart(): Promise<RunningDaemon>;
  stop(): Promise<void>;
}

export interface TestDaemonOptions {
  tcpPort?: number;
  managedSettings?: object;
  /** Written to <home>/settings.json before the daemon starts. */
  userSettings?: object;
  fake?: FakeAnthropicOptions;
  /** Extra daemon options (retention interval, buffer limits). */
  daemon?: Partial<Omit<DaemonOptions, "home" | "logger" | "managedPaths">>;
  /** Runs before the daemon starts, e.g. to seed the store file with old sessions. */
  beforeStart?: (paths: { home: string; db: string; project: string }) => void | Promise<void>;
}

/** A real daemon (in this process) on a temp home, with a fake model and a project folder. */
export async function startTestDaemon(options: TestDaemonOptions = {}): Promise<TestDaemon> {
  const dir = makeTempDir("berth-daemon-test-");
  const home = join(dir.path, "home");
  const project = join(dir.path, "project");
  mkdirSync(project, { recursive: true });
  const fake = await startFakeAnthropic(options.fake);
  // Never the machine's own /etc policy: each test daemon reads a managed file of its own.
  const managedPath = join(dir.path, "managed-settings.json");
  if (options.managedSettings) writeFileSync(managedPath, JSON.stringify(options.managedSettings));
  const paths = berthPaths(home);
  if (options.userSettings) {
    mkdirSync(home, { recursive: true });
    writeFileSync(paths.userSettings, JSON.stringify(options.userSettings));
  }
  await options.beforeStart?.({ home, db: paths.db, project: realpathSync(project) });
  const start = () =>
    startDaemon({
      home,
      idleTimeoutMs: 0,
      managedPaths: [managedPath],
      managedMcpPath: join(dir.path, "managed-mcp.json"),
      logger: pino({ level: "silent" }),
      ...(options.tcpPort !== undefined ? { tcpPort: options.tcpPort } : {}),
      ...options.daemon,
    });
  let daemon = await start();
  const connections: BerthConnection[] = [];
  const readToken = () => readFileSync(paths.token, "utf8").trim();
  return {
    get daemon() {
      return daemon;
    },
    home,
    root: dir.path,
    project: realpathSync(project),
    fake,
    token: readToken,
    async connect(name = "test", retention?: RetentionIntent) {
      const conn = await BerthConnection.open({
        endpoint: { kind: "unix", socketPath: paths.socket },
        token: readToken(),
        clientInfo: { name, version: "0", ...(retention ? { retention } : {}) },
      });
      connections.push(conn);
      return conn;
    },
    async restart() {
      await Promise.allSettled(connections.splice(0).map((c) => c.close()));
      await daemon.shutdown("test restart");
      daemon = await start();
      return daemon;
    },
    async stop() {
      await Promise.allSettled(connections.map((c) => c.close()));
      await daemon.shutdown("test done");
      await fake.close();
      dir.cleanup();
    },
  };
}

export function sessionEnv(fake: FakeAnthropic): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: fake.url,
    PATH: process.env.PATH ?? "",
    HOME: tmpdir(),
  };
}

/** Collects a session's events and lets a test wait for one. */
export class EventRecorder {
  readonly events: SessionEventNotification[] = [];
  private waiters: Array<{ match: (e: SessionEvent) => boolean; resolve: (e: SessionEvent) => void }> = [];

  constructor(view: SessionView) {
    view.on("event", (note: SessionEventNotification) => {
      this.events.push(note);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(note.event)) return true;
        w.resolve(note.event);
        return false;
      });
    });
  }

  types(): string[] {
    return this.events.map((e) => e.event.type);
  }

  waitFor<T extends SessionEvent["type"]>(
    type: T,
    timeoutMs = 10_000,
  ): Promise<Extract<SessionEvent, { type: T }>> {
    const seen = this.events.find((n) => n.event.type === type);
    if (seen) return Promise.resolve(seen.event as Extract<SessionEvent, { type: T }>);
    return this.next(type, timeoutMs);
  }

  next<T extends SessionEvent["type"]>(
    type: T,
    timeoutMs = 10_000,
  ): Promise<Extract<SessionEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${type}; saw ${this.types().join(",")}`)),
        timeoutMs,
      );
      this.waiters.push({
        match: (e) => e.type === type,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<SessionEvent, { type: T }>);
        },
      });
    });
  }
}

/** Creates a session in the test project on `conn`, attaches to it and records its events. */
export async function openSession(
  t: TestDaemon,
  conn: BerthConnection,
  extra: Partial<ParamsOf<"session/create">> = {},
): Promise<{ session: SessionInfo; view: SessionView; rec: EventRecorder }> {
  const { session } = await conn.request("session/create", {
    cwd: t.project,
    env: sessionEnv(t.fake),
    ...extra,
  });
  const view = new SessionView(conn, session.id);
  const rec = new EventRecorder(view);
  await view.attach(0);
  return { session, view, rec };
}

export { SessionView };
