// Shared fixtures for this package's tests: temp directories that clean themselves up and a
// ToolContext backed by a real shell session.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createShellSession } from "./shell/session.js";
import type { ShellSession } from "./shell/types.js";
import { createTodoStore } from "./todos.js";
import type { ToolContext } from "./types.js";

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A fresh directory (symlinks resolved, so paths compare equal to what tools report). */
export function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "berth-tools-test-")));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function trackShell(shell: ShellSession): ShellSession {
  cleanups.push(() => shell.dispose());
  return shell;
}

export function makeContext(
  cwd: string,
  extra: Partial<ToolContext> & { controller?: AbortController } = {},
): ToolContext & { chunks: string[] } {
  const controller = extra.controller ?? new AbortController();
  const env = extra.env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd };
  let shell: ShellSession | undefined;
  const chunks: string[] = [];
  return {
    sessionId: "test-session",
    cwd,
    signal: controller.signal,
    onOutput: (chunk) => chunks.push(chunk),
    shell: () => {
      shell ??= trackShell(createShellSession({ cwd, env, killGraceMs: 300 }));
      return shell;
    },
    todos: createTodoStore(),
    env,
    chunks,
    ...extra,
  };
}

/** True while `pid` is a live (non-zombie) process. */
export function isAlive(pid: number): boolean {
  try {
    if (process.platform === "linux") {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return state !== "Z" && state !== "X";
    }
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPid(path: string): number {
  return Number.parseInt(readFileSync(path, "utf8").trim(), 10);
}
