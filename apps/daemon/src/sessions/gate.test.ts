// Every allowed tool call is on record before it runs: a store that cannot take the audit row
// turns the allow into a refusal (fail closed), while denials stay denials.
import { join } from "node:path";
import type { ToolCall } from "@berth/agent";
import { openStore } from "@berth/store";
import { makeTempDir } from "@berth/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createGate, type Policy, type PolicyVerdict } from "./gate";
import type { LiveSession } from "./live-session";

const dir = makeTempDir("berth-gate-");
afterAll(() => dir.cleanup());

function policyOf(verdict: PolicyVerdict): Policy {
  return { decide: () => verdict, remember: () => undefined };
}

/** The part of a live session the gate uses for decisions that need no question. */
function printSession(id: string): LiveSession {
  return { id, interactive: false, commitNow: <T>(write: () => T) => write() } as unknown as LiveSession;
}

const call: ToolCall = { toolUseId: "tu1", name: "Bash", input: { command: "ls" }, turnId: "t1" };
const signal = new AbortController().signal;

describe("the permission gate's audit", () => {
  it("records an allowed call, and refuses it when the record cannot be written", async () => {
    const store = openStore({ path: join(dir.path, "berth.db") });
    const id = store.createSession({ cwd: dir.path }).id;
    const gate = createGate(printSession(id), policyOf({ behavior: "allow", reason: "rule" }), store);

    expect(await gate(call, signal)).toEqual({ behavior: "allow" });
    expect(store.listDecisions({ sessionId: id, limit: 10 })).toMatchObject([
      { tool: "Bash", decision: "allow", outcome: "allowed" },
    ]);

    store.close(); // every later write fails, as on a full disk or a read-only home
    const refused = await gate(call, signal);
    expect(refused.behavior).toBe("deny");
    expect(refused).toMatchObject({
      message: expect.stringMatching(/could not record this Bash call.*not run/),
    });
  });

  it("keeps a denial a denial when the record cannot be written", async () => {
    const store = openStore({ path: join(dir.path, "deny.db") });
    const id = store.createSession({ cwd: dir.path }).id;
    store.close();
    const gate = createGate(printSession(id), policyOf({ behavior: "deny", reason: "a deny rule" }), store);
    expect(await gate(call, signal)).toMatchObject({
      behavior: "deny",
      message: expect.stringContaining("a deny rule"),
    });
  });
});
