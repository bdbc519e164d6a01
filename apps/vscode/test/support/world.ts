import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BerthConnection } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { type FakeAnthropic, makeTempDir, startFakeAnthropic, waitFor } from "@berth/testkit";
import { DaemonLink } from "../../src/link";
import type { PanelController } from "../../src/panel";
import { FakeHost } from "./fake-host";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const DAEMON_ENTRY = join(REPO_ROOT, "apps/daemon/dist/berth-daemon.js");
export const WEBVIEW_DIST = join(REPO_ROOT, "apps/vscode/dist");

/** The daemon bundle, as users run it; built when missing. */
export function ensureBuilt(): void {
  if (!existsSync(DAEMON_ENTRY)) run(join(REPO_ROOT, "scripts/build.mjs"));
}

/** Bundles the extension and the webview afresh (well under a second), so no stale bundle is tested. */
export function buildWebview(): void {
  run(join(REPO_ROOT, "apps/vscode/build.mjs"));
}

function run(script: string): void {
  const r = spawnSync(process.execPath, [script], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${script} failed:\n${r.stderr}`);
}

/** A real daemon (the built bundle, started by the extension's own link), a fake model, a project. */
export interface World {
  home: string;
  project: string;
  fake: FakeAnthropic;
  host: FakeHost;
  link: DaemonLink;
  /** Another client on the same daemon (the terminal, say). */
  other(): Promise<BerthConnection>;
  cleanup(): Promise<void>;
}

export async function makeWorld(): Promise<World> {
  ensureBuilt();
  const dir = makeTempDir("berth-vscode-");
  const home = join(dir.path, "home");
  const project = join(dir.path, "project");
  mkdirSync(project, { recursive: true });
  const fake = await startFakeAnthropic();
  const host = new FakeHost(realpathSync(project));
  host.env = {
    ANTHROPIC_API_KEY: "test",
    ANTHROPIC_BASE_URL: fake.url,
    HOME: dir.path,
    PATH: process.env.PATH ?? "",
  };
  const daemonEnv = { ...host.env, BERTH_DAEMON_IDLE_MS: "60000" };
  const link = new DaemonLink({ home, daemonEntry: DAEMON_ENTRY, daemonEnv, retryMs: 100 });
  const others: BerthConnection[] = [];
  const other = async () => {
    const conn = await BerthConnection.open({
      endpoint: { kind: "unix", socketPath: berthPaths(home).socket },
      token: readFileSync(berthPaths(home).token, "utf8").trim(),
      clientInfo: { name: "terminal", version: "0" },
    });
    others.push(conn);
    return conn;
  };
  return {
    home,
    project: realpathSync(project),
    fake,
    host,
    link,
    other,
    async cleanup() {
      // The link first: it would otherwise reconnect, and start a new daemon, when this one stops.
      await link.dispose();
      if (existsSync(berthPaths(home).socket)) {
        const conn = await other();
        const { pid } = await conn.request("daemon/status", {});
        await conn.request("daemon/shutdown", {}).catch(() => undefined);
        await waitFor(() => !alive(pid), { timeoutMs: 10_000, description: "the daemon to exit" });
      }
      await Promise.allSettled(others.map((c) => c.close()));
      await fake.close();
      dir.cleanup();
    },
  };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the panel has drawn `count` events of this type. */
export async function waitForEvent(panel: PanelController, type: string, count = 1): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (panel.events.filter((e) => e.event.type === type).length < count) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${type}; saw ${panel.events.map((e) => e.event.type).join(",")}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
