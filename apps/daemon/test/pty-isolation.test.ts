// One session's terminal is out of another's reach: Bash in session B cannot hold the pty master
// of session A's shell (with it, B could type commands into A's shell, past A's permission
// checks, or read A's output). Through a real daemon, real sessions and real ptys.
import { text, toolUse, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
afterEach(async () => t?.stop());

/** Runs one Bash command as the model's tool call in a new session, allowing it if asked. */
async function bashInNewSession(command: string): Promise<string> {
  const conn = await t.connect();
  const { view, rec } = await openSession(t, conn);
  t.fake.enqueue(turn(toolUse("Bash", { command })), turn(text("done")));
  const asked = rec.waitFor("permission_request");
  asked.then((ask) => view.respond(ask.request, "allow_once")).catch(() => {});
  const result = rec.waitFor("tool_result");
  await view.send("run it");
  const { content } = await result;
  await rec.waitFor("turn_completed");
  return content;
}

describe.runIf(process.platform === "linux")("pty masters through the daemon", () => {
  it("a second session's Bash holds no terminal of the first session", async () => {
    t = await startTestDaemon();
    expect(await bashInNewSession("echo session-a")).toContain("session-a");
    const listing = await bashInNewSession("ls -l /proc/self/fd");
    // ls's descriptors are what the shell passes on: its terminal and the command's own.
    expect(listing).toMatch(/\/dev\/pts\/\d+/);
    expect(listing).not.toMatch(/ptmx/);
  });
});
