import { existsSync, readFileSync } from "node:fs";
import { type FakeAnthropic, startFakeAnthropic } from "@berth/testkit";
import { afterAll, beforeAll } from "vitest";
import { makeSandbox, type Sandbox, stopDaemon } from "./cli";
import { ensureBuilt } from "./paths";

/** A built CLI, a sandbox and a fake Messages API for one test file; torn down after it. */
export interface CliWorld {
  readonly sandbox: Sandbox;
  readonly fake: FakeAnthropic;
}

export function useCliWorld(prefix: string, options: { stopDaemon?: boolean } = {}): CliWorld {
  let sandbox: Sandbox | undefined;
  let fake: FakeAnthropic | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    sandbox = makeSandbox(prefix);
    fake = await startFakeAnthropic();
  }, 120_000);
  afterAll(async () => {
    if (options.stopDaemon && sandbox) await stopDaemon(sandbox.home);
    await fake?.close();
    await sandbox?.cleanup();
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error("the CLI world is set up in beforeAll");
      return sandbox;
    },
    get fake() {
      if (!fake) throw new Error("the CLI world is set up in beforeAll");
      return fake;
    },
  };
}

/** One line of a BERTH_TIMINGS / BERTH_DAEMON_TIMINGS file. */
export interface TimingMark {
  proc: string;
  mark: string;
  ms: number;
  at: number;
  detail?: string;
}

/** The marks a timings file holds, in order; none when the file was never written. */
export function readMarks(file: string): TimingMark[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as TimingMark);
}
