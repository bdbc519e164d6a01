import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BerthConnection, SessionView } from "@berth/client";
import { berthPaths, type SessionEvent, type SessionEventNotification } from "@berth/protocol";
import { type FakeAnthropic, makeTempDir, startFakeAnthropic } from "@berth/testkit";
import pino from "pino";
import { type RunningDaemon, startDaemon } from "../src/daemon";

export interface TestDaemon {
  daemon: RunningDaemon;
  home: string;
  /** The temp folder holding home, project and the managed settings file. */
  root: string;
  project: string;
  fake: FakeAnthropic;
  connect(name?: string): Promise<BerthConnection>;
  token(): string;
  stop(): Promise<void>;
}

/** A real daemon (in this process) on a temp home, with a fake model and a project folder. */
export async function startTestDaemon(
  options: { tcpPort?: number; managedSettings?: object } = {},
): Promise<TestDaemon> {
  const dir = makeTempDir("berth-daemon-test-");
  const home = join(dir.path, "home");
  const project = join(dir.path, "project");
  mkdirSync(project, { recursive: true });
  const fake = await startFakeAnthropic();
  // Never the machine's own /etc policy: each test daemon reads a managed file of its own.
  const managedPath = join(dir.path, "managed-settings.json");
  if (options.managedSettings) writeFileSync(managedPath, JSON.stringify(options.managedSettings));
  const daemon = await startDaemon({
    home,
    idleTimeoutMs: 0,
    managedPaths: [managedPath],
    logger: pino({ level: "silent" }),
    ...(options.tcpPort !== undefined ? { tcpPort: options.tcpPort } : {}),
  });
  const paths = berthPaths(home);
  const connections: BerthConnection[] = [];
  const readToken = () => readFileSync(paths.token, "utf8").trim();
  return {
    daemon,
    home,
    root: dir.path,
    project: realpathSync(project),
    fake,
    token: readToken,
    async connect(name = "test") {
      const conn = await BerthConnection.open({
        endpoint: { kind: "unix", socketPath: paths.socket },
        token: readToken(),
        clientInfo: { name, version: "0" },
      });
      connections.push(conn);
      return conn;
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

export { SessionView };
