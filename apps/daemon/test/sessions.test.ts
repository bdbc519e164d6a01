import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SessionView } from "@berth/client";
import { text, toolUse, turn } from "@berth/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventRecorder, openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
beforeEach(async () => {
  t = await startTestDaemon();
});
afterEach(async () => t.stop());

function newSession(conn: Awaited<ReturnType<TestDaemon["connect"]>>, extra: Record<string, unknown> = {}) {
  return openSession(t, conn, extra);
}

describe("sessions through the real daemon", () => {
  it("streams a text turn and stores it", async () => {
    t.fake.enqueue(turn(text("Hello from the fake model, streamed in pieces.")));
    const conn = await t.connect();
    const { session, view, rec } = await newSession(conn);
    await view.send("hi");
    const done = await rec.waitFor("turn_completed");
    expect(done.result).toBe("Hello from the fake model, streamed in pieces.");
    const deltas = rec.events.filter((e) => e.event.type === "assistant_text_delta");
    expect(deltas.length).toBeGreaterThan(1);
    const seqs = rec.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(t.fake.requests[0]?.headers["x-api-key"]).toBe("test-key");
    const stored = t.daemon.store.eventsAfter(session.id, 0, 1000);
    expect(stored.map((e) => e.seq)).toEqual(seqs);
    expect(t.daemon.store.loadHistory(session.id).length).toBe(2);
  });

  it("asks before writing, and writes after a client allows", async () => {
    const target = join(t.project, "notes.txt");
    t.fake.enqueue(
      turn(toolUse("Write", { file_path: target, content: "written by berth\n" })),
      turn(text("Done.")),
    );
    const conn = await t.connect();
    const { view, rec } = await newSession(conn);
    await view.send("write a note");
    const ask = await rec.waitFor("permission_request");
    expect(ask.request.tool).toBe("Write");
    expect(existsSync(target)).toBe(false);
    await view.respond(ask.request, "allow_once");
    await rec.waitFor("turn_completed");
    expect(readFileSync(target, "utf8")).toBe("written by berth\n");
    const audit = t.daemon.store.listDecisions({ limit: 10 });
    expect(audit.some((d) => d.tool === "Write" && /allow_once/.test(d.outcome ?? ""))).toBe(true);
  });

  it("reads inside the project without asking, and tells the model about a denial", async () => {
    writeFileSync(join(t.project, "a.txt"), "alpha\n");
    t.fake.enqueue(
      turn(toolUse("Read", { file_path: join(t.project, "a.txt") })),
      turn(toolUse("Bash", { command: "rm -rf build" })),
      turn(text("ok")),
    );
    const conn = await t.connect();
    const { view, rec } = await newSession(conn);
    await view.send("go");
    const ask = await rec.waitFor("permission_request");
    expect(ask.request.tool).toBe("Bash");
    await view.respond(ask.request, "deny", "don't delete things");
    await rec.waitFor("turn_completed");
    expect(rec.types().filter((x) => x === "permission_request")).toHaveLength(1);
    const third = t.fake.requests[2]?.body as { messages: Array<{ content: unknown }> };
    expect(JSON.stringify(third.messages.at(-1))).toContain("don't delete things");
  });

  it("lets a second client attach, replay history and answer a prompt (first answer wins)", async () => {
    t.fake.enqueue(turn(toolUse("Bash", { command: "mkdir build" })), turn(text("finished")));
    const a = await t.connect("a");
    const { session, view, rec } = await newSession(a);
    await view.send("run it");
    const ask = await rec.waitFor("permission_request");
    const b = await t.connect("b");
    const viewB = new SessionView(b, session.id);
    const recB = new EventRecorder(viewB);
    const attached = await viewB.attach(0);
    expect(attached.pendingPermissions.map((p) => p.requestId)).toEqual([ask.request.requestId]);
    await viewB.respond(ask.request, "allow_once");
    await expect(view.respond(ask.request, "deny")).rejects.toThrow(/already answered/);
    await rec.waitFor("turn_completed");
    await recB.waitFor("turn_completed");
    expect(recB.events.map((e) => e.seq)).toEqual(rec.events.map((e) => e.seq));
    expect(recB.types()).toEqual(rec.types());
  });

  it("finishes and stores a turn when its only client vanishes mid-turn", async () => {
    t.fake.enqueue({ content: [{ type: "text", text: "a slow answer ".repeat(20) }], delayMs: 300 });
    const conn = await t.connect();
    const { session, view } = await newSession(conn);
    await view.send("hello");
    await conn.close();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const types = t.daemon.store.eventsAfter(session.id, 0, 1000).map((e) => e.type);
      if (types.includes("turn_completed")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const types = t.daemon.store.eventsAfter(session.id, 0, 1000).map((e) => e.type);
    expect(types).toContain("turn_completed");
    expect(t.daemon.store.loadHistory(session.id).length).toBe(2);
  });

  it("refuses to create a session without credentials, with a helpful message", async () => {
    const conn = await t.connect();
    const error = await conn
      .request("session/create", { cwd: t.project, env: { PATH: "/usr/bin" } })
      .catch((e) => e);
    expect(String(error.message)).toMatch(/ANTHROPIC_API_KEY/);
    expect(String(error.message)).toMatch(/pnpm demo/);
  });

  it("keeps unpersisted sessions out of the store", async () => {
    t.fake.enqueue(turn(text("secret-ish")));
    const conn = await t.connect();
    const { session, view, rec } = await newSession(conn, { persist: false });
    await view.send("hi");
    await rec.waitFor("turn_completed");
    expect(t.daemon.store.getSession(session.id)).toBeUndefined();
    expect(t.daemon.store.eventsAfter(session.id, 0, 10)).toHaveLength(0);
  });
});
