import { appendFileSync, rmSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useWorkspace } from "./test-support.js";
import type { SettingsResult } from "./types.js";
import { BUSY_DIR_POLL_MS, MISSING_DIR_POLL_MS, type SettingsWatcher, watchSettings } from "./watch.js";

const ws = useWorkspace();
let watcher: SettingsWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

/** Starts a watcher and returns a function that waits for the next change event. */
async function start(options: Parameters<typeof watchSettings>[0]) {
  const queue: SettingsResult[] = [];
  const waiters: Array<(r: SettingsResult) => void> = [];
  watcher = watchSettings({ debounceMs: 50, ...options }, (result) => {
    const waiter = waiters.shift();
    if (waiter) waiter(result);
    else queue.push(result);
  });
  await watcher.ready;
  const next = (timeoutMs = 5000) =>
    new Promise<SettingsResult>((resolve, reject) => {
      const queued = queue.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error("no settings change event")), timeoutMs);
      waiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  return { watcher, next, pending: () => queue.length };
}

describe("watchSettings (real files, chokidar)", () => {
  it("reloads on change; an invalid write keeps the last good values and carries diagnostics", async () => {
    const w = ws();
    w.write(w.paths.user, { model: "haiku" });
    const { watcher, next } = await start(w.options());
    expect(watcher.current().effective.model).toBe("haiku");

    w.write(w.paths.user, { model: "opus", permissions: { deny: ["Bash(rm *)"] } });
    let r = await next();
    expect(r.effective.model).toBe("opus");
    expect(r.diagnostics).toEqual([]);

    w.write(w.paths.user, '{\n  "model": "sonnet",\n  "permissions": \n}\n');
    r = await next();
    expect(r.effective.model).toBe("opus");
    expect(r.effective.permissions.deny).toEqual(["Bash(rm *)"]);
    expect(r.diagnostics.find((d) => d.code === "json-syntax")).toMatchObject({
      file: w.paths.user,
      line: 4,
    });
    expect(r.files.find((f) => f.layer === "user")).toMatchObject({ status: "invalid", usedLastGood: true });
    expect(watcher.current()).toBe(r);

    w.write(w.paths.user, { model: "sonnet" });
    r = await next();
    expect(r.effective.model).toBe("sonnet");
    expect(r.diagnostics).toEqual([]);
  });

  it("notices a project settings file created in a new .claude directory, and its deletion", async () => {
    const w = ws();
    const { next } = await start(w.options());
    w.write(w.paths.project, { permissions: { allow: ["Read"] } });
    let r = await next();
    expect(r.effective.permissions.allow).toEqual(["Read"]);
    rmSync(w.paths.project);
    r = await next();
    expect(r.effective.permissions.allow).toEqual([]);
    expect(r.files.find((f) => f.layer === "project")?.status).toBe("missing");
  });

  it("a broken managed file locks down live sessions until it is fixed", async () => {
    const w = ws();
    w.write(w.paths.managed, { permissions: { deny: ["WebFetch"] } });
    w.write(w.paths.user, { permissions: { allow: ["Read"] } });
    const { next } = await start(w.options());
    w.write(w.paths.managed, "{ oops");
    let r = await next();
    expect(r.policyError).toBeDefined();
    expect(r.effective.permissions.allow).toEqual([]);
    expect(r.effective.permissions.deny).toEqual(["WebFetch"]);
    w.write(w.paths.managed, { permissions: { deny: ["WebFetch"] } });
    r = await next();
    expect(r.policyError).toBeUndefined();
    expect(r.effective.permissions.allow).toEqual(["Read"]);
  });

  it("follows a .claude directory that is removed and created again", async () => {
    const w = ws();
    w.write(w.paths.project, { model: "haiku" });
    const { next } = await start(w.options());
    rmSync(dirname(w.paths.project), { recursive: true, force: true });
    expect((await next()).effective.model).toBeUndefined();
    w.write(w.paths.project, { model: "opus" });
    expect((await next()).effective.model).toBe("opus");
    // Past the settle re-check: only a live watch on the new directory sees this one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    w.write(w.paths.project, { model: "sonnet" });
    expect((await next()).effective.model).toBe("sonnet");
  });

  it("polls the user settings in the Berth home: creation, change and deletion", async () => {
    const w = ws();
    // Only the polled file: the watcher is ready without any folder watch.
    const { next } = await start(w.options({ managedPaths: [], settingSources: ["user"] }));
    w.write(w.paths.user, { model: "haiku" });
    expect((await next()).effective.model).toBe("haiku");
    w.write(w.paths.user, { model: "opus" });
    expect((await next()).effective.model).toBe("opus");
    // Once the file exists it is polled by itself: files coming and going beside it (the
    // database's journal, the daemon's registries) no longer make chokidar list the folder.
    const scans = countScans(w.berthHome);
    try {
      for (let i = 0; i < 3; i++) {
        w.write(`${w.berthHome}/registry-${i}.json`, "{}");
        await new Promise((resolve) => setTimeout(resolve, BUSY_DIR_POLL_MS + 100));
      }
      expect(scans.calls()).toEqual([]);
    } finally {
      scans.restore();
    }
    rmSync(w.paths.user);
    const r = await next();
    expect(r.effective.model).toBeUndefined();
    expect(r.files.find((f) => f.layer === "user")?.status).toBe("missing");
    w.write(w.paths.user, { model: "sonnet" });
    expect((await next()).effective.model).toBe("sonnet");
  });

  it("ignores unrelated files in watched directories and stops after close", async () => {
    const w = ws();
    const { watcher, next, pending } = await start(w.options());
    w.write(`${w.berthHome}/sessions.db`, "not settings");
    await expect(next(400)).rejects.toThrow("no settings change event");
    await watcher.close();
    w.write(w.paths.user, { model: "opus" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pending()).toBe(0);
  });

  it.each([
    ["exists", true],
    ["is missing", false],
  ])(
    "does not list the Berth home when the WAL beside the user settings is written (settings %s)",
    async (_, exists) => {
      const w = ws();
      if (exists) w.write(w.paths.user, { model: "haiku" });
      const wal = w.write(`${w.berthHome}/berth.db-wal`, "");
      const scans = countScans(w.berthHome);
      try {
        const { next } = await start(w.options());
        await new Promise((resolve) => setTimeout(resolve, 2 * BUSY_DIR_POLL_MS));
        scans.reset();
        for (let i = 0; i < 20; i++) {
          appendFileSync(wal, "page");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 2 * BUSY_DIR_POLL_MS));
        expect(scans.calls()).toEqual([]);
        // Still watched: the poll sees the user settings change.
        w.write(w.paths.user, { model: "opus" });
        expect((await next()).effective.model).toBe("opus");
      } finally {
        scans.restore();
      }
    },
  );
});

describe("watchSettings with settings folders that do not exist yet", () => {
  it("polls the missing managed and project folders instead of listing their parents", async () => {
    const w = ws();
    const etc = dirname(dirname(w.paths.managed));
    const project = dirname(dirname(w.paths.project));
    w.write(join(etc, "hosts"), "not settings");
    w.write(join(project, "README.md"), "not settings");
    const scans = [countScans(etc), countScans(project)];
    try {
      const { next } = await start(w.options());
      await new Promise((resolve) => setTimeout(resolve, 2 * MISSING_DIR_POLL_MS));
      expect(scans.flatMap((s) => s.calls())).toEqual([]);
      // Still noticed: the folder appears, its watch is armed, the file is read.
      w.write(w.paths.managed, { permissions: { deny: ["WebFetch"] } });
      expect((await next()).effective.permissions.deny).toEqual(["WebFetch"]);
    } finally {
      for (const s of scans) s.restore();
    }
  });
});

/**
 * Counts directory listings and lstat/stat calls on entries of `dir` made through node:fs/promises
 * (what chokidar and readdirp use to re-scan a folder), by swapping the builtin's exports.
 */
function countScans(dir: string) {
  const fsp = createRequire(import.meta.url)("node:fs/promises") as Record<string, unknown>;
  const names = ["readdir", "lstat", "stat"] as const;
  const originals = names.map((name) => fsp[name] as (...args: unknown[]) => unknown);
  let calls: string[] = [];
  names.forEach((name, i) => {
    fsp[name] = (path: unknown, ...rest: unknown[]) => {
      const p = String(path);
      if (p === dir || dirname(p) === dir) calls.push(`${name} ${p}`);
      return originals[i]?.call(fsp, path, ...rest);
    };
  });
  syncBuiltinESMExports();
  return {
    calls: () => calls.filter((c) => !c.endsWith(join(dir, "settings.json"))),
    reset: () => {
      calls = [];
    },
    restore: () => {
      names.forEach((name, i) => {
        fsp[name] = originals[i];
      });
      syncBuiltinESMExports();
    },
  };
}
