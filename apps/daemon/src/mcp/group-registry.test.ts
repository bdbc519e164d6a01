// The registry the next daemon reaps from: real child processes in their own groups, a real file.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, waitFor } from "@berth/testkit";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { GroupRegistry } from "./group-registry";

const dir = makeTempDir("berth-group-registry-");
const logger = pino({ level: "silent" });
afterAll(() => dir.cleanup());

const recorded = () => JSON.parse(readFileSync(join(dir.path, "mcp-groups.json"), "utf8"));
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
};

describe.skipIf(process.platform !== "linux")("GroupRegistry", () => {
  it("records a running group with its start time before record returns, and the next daemon kills it", async () => {
    const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    const pid = child.pid as number;
    const registry = new GroupRegistry(dir.path, logger);
    registry.record(`hook:${pid}`, pid);
    // On disk already: a daemon killed right after a spawn must leave it on record.
    expect(recorded()[`hook:${pid}`]).toMatchObject({ pgid: pid, startTime: expect.any(String) });
    // As after a kill -9: a new registry on the same folder reaps what the file lists.
    expect(await new GroupRegistry(dir.path, logger).reapLeftovers()).toBe(1);
    await exited;
    await waitFor(() => !alive(pid), { timeoutMs: 5000, description: "the recorded group to be killed" });
    expect(recorded()).toEqual({});
  });

  it("does not record a group that is already gone (a quick hook), so no reused id is ever signalled", async () => {
    const child = spawn("true", [], { detached: true, stdio: "ignore" });
    await new Promise((r) => child.once("exit", r));
    const registry = new GroupRegistry(dir.path, logger);
    registry.record(`hook:${child.pid}`, child.pid);
    expect(recorded()[`hook:${child.pid}`]).toBeUndefined();
  });
});
