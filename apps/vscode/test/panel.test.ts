// The chat panel and the permission flow against a real daemon with the fake model: native
// questions (diff editor for edits), first answer from any client wins, re-attach with the cursor.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SessionView } from "@berth/client";
import type { PermissionRequest, SessionEventNotification } from "@berth/protocol";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { ToWebview } from "../src/messages";
import { PanelController } from "../src/panel";
import { SessionListController } from "../src/session-list";
import { makeWorld, waitForEvent, type World } from "./support/world";

let world: World;
let panel: PanelController;
let posted: ToWebview[];
beforeEach(async () => {
  world = await makeWorld();
  world.host.modalAnswers = ["Trust folder"];
  const session = await new SessionListController(world.link, world.host).create();
  panel = await PanelController.open(world.link, world.host, session);
  posted = [];
  panel.onMessage((m) => posted.push(m));
}, 30_000);
afterEach(async () => {
  await panel?.dispose();
  await world?.cleanup();
}, 20_000);

const choice = () =>
  waitFor(() => world.host.choices.at(-1), { timeoutMs: 10_000, description: "a question" });

it("streams a turn to the webview and shows an edit as a diff with Accept / Reject", async () => {
  const target = join(world.project, "notes.txt");
  writeFileSync(target, "alpha\nbeta\n");
  world.fake.enqueue(
    turn(
      text("Changing beta."),
      toolUse("Edit", { file_path: target, old_string: "beta", new_string: "gamma" }),
    ),
    turn(text("Done: **gamma** it is.")),
  );
  await panel.send("change beta");
  const q = await choice();
  const [diff] = world.host.of("diff");
  expect(diff?.current).toEqual({ title: target, content: "alpha\nbeta\n" });
  expect(diff?.proposed).toEqual({ title: `${target} (proposed)`, content: "alpha\ngamma\n" });
  expect(q.items.map((i) => i.label)).toEqual(["Accept", "Allow always", "Reject"]);
  expect(panel.header.status).toBe("waiting_permission");
  q.answer("allow_once");
  await waitForEvent(panel, "turn_completed");
  expect(readFileSync(target, "utf8")).toBe("alpha\ngamma\n");
  expect(world.host.of("closeDiff")).toHaveLength(1);
  const types = posted.flatMap((m) => (m.type === "events" ? m.events.map((e) => e.event.type) : []));
  expect(types).toEqual(
    expect.arrayContaining([
      "user_message",
      "assistant_text_delta",
      "tool_use",
      "permission_request",
      "permission_resolved",
      "tool_result",
      "turn_completed",
    ]),
  );
  expect(posted.filter((m) => m.type === "header").at(-1)).toMatchObject({
    header: { status: "idle", mode: "default", connected: true },
  });
  // The webview's snapshot on (re)load has every event once, in order.
  const snap = panel.snapshot();
  expect(snap[0]).toMatchObject({ type: "reset" });
  const seqs = snap.flatMap((m) => (m.type === "events" ? m.events.map((e) => e.seq) : []));
  expect(seqs).toHaveLength(panel.events.length);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
}, 30_000);

it("shows a command's plain-words description and reason, and a webview answer resolves it", async () => {
  world.fake.enqueue(turn(toolUse("Bash", { command: "rm -rf build" })), turn(text("Not removed.")));
  await panel.send("clean up");
  const q = await choice();
  expect(world.host.of("diff")).toEqual([]);
  expect(q.title).toBe("Permission needed: Bash");
  const request = panel.events.find((e) => e.event.type === "permission_request")!.event as unknown as {
    request: PermissionRequest;
  };
  expect(world.host.of("choose")[0]?.placeholder).toBe(request.request.reason);
  expect(q.items[0]?.detail).toBe(request.request.description?.summary);
  expect(request.request.description?.summary).toBeTruthy();
  // The user answers in the webview instead: the native question is withdrawn.
  await panel.receive({ type: "answer", requestId: request.request.requestId, answer: "deny" });
  await waitForEvent(panel, "turn_completed");
  expect(q.cancelled).toBe(true);
  const resolved = panel.events.find((e) => e.event.type === "permission_resolved")!.event;
  expect(resolved).toMatchObject({ answer: "deny" });
  // Invalid messages from the webview are refused, not acted on.
  await panel.receive({ type: "answer", requestId: "x", answer: "allow_everything" });
  expect(posted.at(-1)).toMatchObject({ type: "notice", level: "error" });
  expect((await panel.receive({ type: "ready" }))?.[0]).toMatchObject({
    type: "reset",
    header: { sessionId: panel.sessionId },
  });
}, 30_000);

it("withdraws the question when another client (the terminal) answers first", async () => {
  const target = join(world.project, "new.txt");
  world.fake.enqueue(turn(toolUse("Write", { file_path: target, content: "hi\n" })), turn(text("Left it.")));
  const other = await world.other();
  const terminal = new SessionView(other, panel.sessionId);
  const asked = new Promise<PermissionRequest>((resolve) =>
    terminal.on("event", (n: SessionEventNotification) => {
      if (n.event.type === "permission_request") resolve(n.event.request);
    }),
  );
  await terminal.attach(panel.lastSeq);
  await panel.send("write it");
  const q = await choice();
  expect(world.host.of("diff")[0]?.proposed.content).toBe("hi\n");
  await terminal.respond(await asked, "deny", "not now");
  await waitForEvent(panel, "turn_completed");
  expect(q.cancelled).toBe(true);
  expect(world.host.of("closeDiff")).toHaveLength(1);
  expect(panel.permissions.pending).toEqual([]);
  // A late click in the webview on the answered question changes nothing.
  const request = await asked;
  await panel.receive({ type: "answer", requestId: request.requestId, answer: "allow_once" });
  expect(posted.at(-1)).toMatchObject({ type: "notice", text: "That question was already answered." });
}, 30_000);

it("re-attaches with its cursor after the connection drops and says how much was missed", async () => {
  world.fake.enqueue(turn(text("first")), turn(text("second, while the editor was away")));
  await panel.send("one");
  await waitForEvent(panel, "turn_completed");
  const other = await world.other();
  const before = panel.events.length;
  await world.link.connection!.close();
  // While the editor is away, the terminal runs a turn.
  await other.request("session/send", { sessionId: panel.sessionId, text: "two" });
  const notice = await waitFor(
    () => posted.find((m) => m.type === "notice" && m.text.startsWith("Reconnected")),
    {
      timeoutMs: 10_000,
      description: "the reconnect notice",
    },
  );
  await waitForEvent(panel, "turn_completed", 2);
  const seqs = panel.events.map((e) => e.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i)); // no gap, no duplicate
  const missed = Number(/(\d+) events? missed/.exec((notice as { text: string }).text)?.[1]);
  expect(missed).toBeGreaterThan(0);
  expect(panel.events.length).toBeGreaterThanOrEqual(before + missed);
  expect(panel.events.some((e) => e.event.type === "user_message" && e.event.text === "two")).toBe(true);
  expect(panel.header.connected).toBe(true);
}, 30_000);

it("after a daemon restart resumes the stored session and continues from the cursor", async () => {
  world.fake.enqueue(turn(text("before the restart")), turn(text("after the restart")));
  await panel.send("one");
  await waitForEvent(panel, "turn_completed");
  const lastSeq = panel.lastSeq;
  const other = await world.other();
  await other.request("daemon/shutdown", {});
  // The link restarts the daemon (the extension's auto-start) and the panel re-attaches.
  await waitFor(() => posted.find((m) => m.type === "notice" && m.text.startsWith("Reconnected")), {
    timeoutMs: 20_000,
    description: "the reconnect notice",
  });
  expect(panel.header.connected).toBe(true);
  await panel.send("two");
  await waitFor(
    () =>
      panel.events.find(
        (e) => e.event.type === "assistant_message" && JSON.stringify(e.event).includes("after the restart"),
      ),
    {
      timeoutMs: 10_000,
      description: "the answer after the restart",
    },
  );
  expect(panel.events.filter((e) => e.seq <= lastSeq).length).toBe(
    panel.events.findIndex((e) => e.seq > lastSeq),
  );
}, 40_000);

it("restored after a window reload, says how many events happened since the panel last drew", async () => {
  world.fake.enqueue(turn(text("first")), turn(text("second")));
  await panel.send("one");
  await waitForEvent(panel, "turn_completed");
  const seen = panel.lastSeq; // what the webview saved in its state
  await panel.dispose(); // the window reloads
  const other = await world.other();
  const terminal = new SessionView(other, panel.sessionId);
  await terminal.attach(seen);
  await terminal.send("two");
  await waitFor(
    async () =>
      (await other.request("session/get", { sessionId: panel.sessionId })).session.status === "idle" &&
      (await other.request("session/get", { sessionId: panel.sessionId })).session.lastSeq > seen,
    { timeoutMs: 10_000, description: "the second turn" },
  );
  const { session } = await other.request("session/get", { sessionId: panel.sessionId });
  panel = await PanelController.open(world.link, world.host, session, seen);
  const missed = panel.events.filter((e) => e.seq > seen).length;
  expect(missed).toBeGreaterThan(0);
  expect(missed).toBe(session.lastSeq - seen);
  const snap = panel.snapshot();
  expect(snap.at(-1)).toEqual({
    type: "notice",
    level: "info",
    text: `Restored after a window reload: ${missed} events happened since this panel last showed the session (after #${seen}).`,
  });
}, 30_000);
