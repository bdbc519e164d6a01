// The set-up every pty test file repeats: one sandbox (and daemon) per file, a fake model per
// test, and the terminals a test opened disposed after it.
import { type FakeAnthropic, startFakeAnthropic } from "@berth/testkit";
import { afterAll, afterEach, beforeAll } from "vitest";
import { makeSandbox, type Sandbox } from "./cli";
import { ensureBuilt } from "./paths";
import { CliTerminal } from "./terminal";

export interface PtySuite {
  readonly sandbox: Sandbox;
  /** A fresh fake model for this test (closed after it). */
  fake(): Promise<FakeAnthropic>;
  /** The built CLI in a pty, talking to this test's fake model. */
  open(args: string[], cwd: string): CliTerminal;
}

export function ptySuite(): PtySuite {
  let sandbox: Sandbox | undefined;
  let fake: FakeAnthropic | undefined;
  const terminals: CliTerminal[] = [];
  beforeAll(async () => {
    await ensureBuilt();
    sandbox = makeSandbox();
  }, 120_000);
  afterAll(async () => sandbox?.cleanup());
  afterEach(async () => {
    for (const t of terminals.splice(0)) t.dispose();
    await fake?.close();
    fake = undefined;
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error("ptySuite: the sandbox exists only inside tests");
      return sandbox;
    },
    async fake() {
      fake = await startFakeAnthropic();
      return fake;
    },
    open(args, cwd) {
      if (!sandbox || !fake) throw new Error("ptySuite: call fake() before open()");
      const t = new CliTerminal(args, { cwd, env: sandbox.env(fake.url) });
      terminals.push(t);
      return t;
    },
  };
}
