import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useWorkspace } from "./test-support.js";
import type { SettingsResult } from "./types.js";
import { type SettingsWatcher, watchSettings } from "./watch.js";

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

describe("watchSettings (real files, fs.watch)", () => {
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
});
