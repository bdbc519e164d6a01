import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { makeTempDir } from "@berth/testkit";
import { afterEach, expect, it } from "vitest";
import { assertOwnSocket } from "./socket-owner";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function listen(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(path, r));
  cleanups.push(() => server.close());
  return server;
}

it("accepts a socket of ours in a private folder", async () => {
  const dir = makeTempDir("berth-sock-");
  cleanups.push(() => dir.cleanup());
  const run = join(dir.path, "run");
  mkdirSync(run, { mode: 0o700 });
  await listen(join(run, "d.sock"));
  expect(() => assertOwnSocket(join(run, "d.sock"))).not.toThrow();
});

it("refuses a socket in a folder others can enter, or behind a symlinked folder", async () => {
  const dir = makeTempDir("berth-sock-");
  cleanups.push(() => dir.cleanup());
  const open = join(dir.path, "open");
  mkdirSync(open);
  chmodSync(open, 0o777);
  await listen(join(open, "d.sock"));
  expect(() => assertOwnSocket(join(open, "d.sock"))).toThrow(/open to other users/);
  const real = join(dir.path, "real");
  mkdirSync(real, { mode: 0o700 });
  await listen(join(real, "d.sock"));
  symlinkSync(real, join(dir.path, "link"));
  expect(() => assertOwnSocket(join(dir.path, "link", "d.sock"))).toThrow(/symbolic link/);
});
