// The small commands around sessions: help, daemon lifecycle, the sessions list, bad flags.
import { existsSync } from "node:fs";
import { berthPaths } from "@berth/protocol";
import { type FakeAnthropic, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daemonPid, isAlive, makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

let sandbox: Sandbox;
let fake: FakeAnthropic;
let project: string;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
  fake = await startFakeAnthropic();
  project = sandbox.project();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

const berth = (...args: string[]) => runCli(args, { cwd: project, env: sandbox.env(fake.url) });

describe("help and flags", () => {
  it("berth --help describes the tool, its modes and commands", async () => {
    const run = await berth("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: berth \[options\] \[command\] \[prompt\]/m);
    expect(run.stdout).toContain("daemon");
    for (const expected of ["-p, --print", "--output-format", "sessions", "attach", "daemon"]) {
      expect(run.stdout).toContain(expected);
    }
  });

  it("berth daemon --help lists the lifecycle commands", async () => {
    const run = await berth("daemon", "--help");
    expect(run.code).toBe(0);
    for (const sub of ["start", "stop", "status", "logs"])
      expect(run.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, "m"));
  });

  it("berth help shows the same help, and berth help <command> that command's", async () => {
    const run = await berth("help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: berth \[options\] \[command\] \[prompt\]/m);
    expect(run.stdout).toMatch(/^\s+help \[command\]\s+show help/m);
    const daemon = await berth("help", "daemon");
    expect(daemon.code).toBe(0);
    expect(daemon.stdout).toMatch(/^Usage: berth daemon/m);
    // No session was opened for the prompt "help".
    expect(fake.requests).toHaveLength(0);
  });

  it("rejects an unknown flag with a clear error and a non-zero exit", async () => {
    const run = await berth("--no-such-flag");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("unknown option '--no-such-flag'");
    const bad = await berth("-p", "hi", "--output-format", "xml");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--output-format.*xml.*text, json, stream-json/s);
  });
});

// One daemon's life, in order: these steps share the sandbox's daemon on purpose.
describe("daemon lifecycle and sessions", () => {
  it("status says not running before anything started it", async () => {
    const run = await berth("daemon", "status");
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("not running");
    expect(JSON.parse((await berth("daemon", "status", "--json")).stdout)).toEqual({ running: false });
  });

  it("start, status, sessions, stop", async () => {
    const started = await berth("daemon", "start");
    expect(started.code).toBe(0);
    const pid = daemonPid(sandbox.home);
    expect(pid).toBeDefined();
    expect(started.stdout).toContain(`pid ${pid}`);
    // Starting again finds the running daemon instead of a second one.
    expect((await berth("daemon", "start")).stdout).toContain(`pid ${pid}`);

    const status = await berth("daemon", "status");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`pid:\\s+${pid}`));
    expect(status.stdout).toMatch(/memory:\s+\d+\.\d MiB RSS/);
    const json = JSON.parse((await berth("daemon", "status", "--json")).stdout);
    expect(json).toMatchObject({ running: true, pid, home: sandbox.home, liveSessions: 0 });
    expect(json.rssBytes).toBeGreaterThan(10 * 1024 * 1024);

    expect((await berth("sessions")).stdout).toContain("No sessions yet");
    expect(JSON.parse((await berth("sessions", "--json")).stdout)).toEqual([]);

    fake.enqueue(turn(text("Listed.")));
    const print = await berth("-p", "make a session to list", "--output-format", "json");
    const sessionId = JSON.parse(print.stdout).session_id as string;
    const table = await berth("sessions");
    expect(table.code).toBe(0);
    const [header, row, ...rest] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+STATE\s+ACTIVE\s+FOLDER\s+FIRST PROMPT$/);
    expect(row).toContain(sessionId);
    expect(row).toContain(project);
    expect(row).toContain("make a session to list");
    expect(rest).toEqual([]);
    const listed = JSON.parse((await berth("sessions", "--json")).stdout);
    expect(listed).toEqual([
      expect.objectContaining({
        id: sessionId,
        cwd: project,
        live: false,
        firstPrompt: "make a session to list",
      }),
    ]);

    const stopped = await berth("daemon", "stop");
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain(`Stopped the Berth daemon (pid ${pid})`);
    expect(isAlive(pid!)).toBe(false);
    expect(existsSync(berthPaths(sandbox.home).lock)).toBe(false);
    expect((await berth("daemon", "status")).code).toBe(3);
    expect((await berth("daemon", "stop")).stdout).toContain("not running");
  });
});

// After the lifecycle steps: attach starts a daemon when none runs.
describe("berth attach", () => {
  it("fails clearly for a session that does not exist", async () => {
    const run = await berth("attach", "no-such-session");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("No session no-such-session");
    expect(run.stdout).not.toContain("attached");
  });
});
