// The sessions view and the palette commands against a real daemon (the built bundle, started by
// the extension's own link) with the fake model; only the editor is a recording fake.
import { text, turn } from "@berth/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandController } from "../src/commands";
import { PanelController } from "../src/panel";
import { SessionListController, StartRefused } from "../src/session-list";
import { makeWorld, waitForEvent, type World } from "./support/world";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
}, 30_000);
afterEach(async () => world?.cleanup(), 20_000);

describe("sessions view", () => {
  it("asks Berth's trust question as a modal once, then lists the folder's live and stored sessions", async () => {
    const list = new SessionListController(world.link, world.host);
    expect(await list.items()).toEqual([]);
    world.host.modalAnswers = ["Trust folder"];
    const first = await list.create();
    expect(first.cwd).toBe(world.project);
    const [modal] = world.host.of("modal");
    expect(modal?.message).toContain(`Do you trust the files in ${world.project}`);
    expect(modal?.buttons).toEqual(["Trust folder", "Don't trust"]);
    const second = await list.create();
    expect(world.host.of("modal")).toHaveLength(1); // decided: not asked again

    world.fake.enqueue(turn(text("Hello from the fake model.")));
    const panel = await PanelController.open(world.link, world.host, first);
    await panel.send("say hello");
    await waitForEvent(panel, "turn_completed");
    await panel.dispose();
    const other = await world.other();
    await other.request("session/close", { sessionId: second.id });

    const items = await list.items();
    expect(items.map((i) => i.id).sort()).toEqual([first.id, second.id].sort());
    const hello = items.find((i) => i.id === first.id)!;
    expect(hello.label).toBe("say hello");
    expect(hello.contextValue).toBe("live");

    // A stored session resumes into the daemon; delete asks first and removes it.
    world.host.modalAnswers = ["Delete"];
    expect(await list.delete(first.id)).toBe(true);
    expect((await list.items()).map((i) => i.id)).not.toContain(first.id);
  }, 30_000);

  it("in Restricted Mode starts read-only without asking to trust, and refuses without a folder", async () => {
    world.host.trusted = false;
    const list = new SessionListController(world.link, world.host);
    const session = await list.create();
    expect(session.permissionMode).toBe("plan");
    expect(world.host.of("modal")).toEqual([]);
    expect(world.host.of("info")[0]?.message).toContain("Restricted Mode");
    const other = await world.other();
    expect((await other.request("trust/get", { cwd: world.project })).trusted).toBe(false);

    world.host.folder = undefined;
    await expect(list.create()).rejects.toBeInstanceOf(StartRefused);
    world.host.folder = world.project;
    const commands = new CommandController(world.link, world.host);
    expect(await commands.trustFolder()).toBe(false);
    expect(world.host.of("error")[0]?.message).toContain("Manage Workspace Trust");
  }, 30_000);
});

describe("fork and search", () => {
  it("finds a conversation by its words and forks it into a live session with the same history", async () => {
    world.host.modalAnswers = ["Trust folder"];
    const list = new SessionListController(world.link, world.host);
    const session = await list.create();
    world.fake.enqueue(turn(text("Use a zebra crossing here.")));
    const panel = await PanelController.open(world.link, world.host, session);
    await panel.send("where do pedestrians cross?");
    await waitForEvent(panel, "turn_completed");
    await panel.dispose();

    const hits = await list.search("zebra");
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ sessionId: session.id, idx: 1 });
    expect(hits[0]?.detail).toContain("«zebra»");
    expect(await list.search("unicorn")).toEqual([]);

    const fork = await list.fork(session.id);
    expect(fork.id).not.toBe(session.id);
    expect(fork.live).toBe(true);
    expect(fork.parentId).toBe(session.id);
    expect(fork.messageCount).toBe(2);
    expect((await list.items()).map((i) => i.id)).toContain(fork.id);
  }, 30_000);
});

describe("palette commands", () => {
  it("opens the transcript as Markdown, shows the cost and the doctor report", async () => {
    world.host.modalAnswers = ["Trust folder"];
    const session = await new SessionListController(world.link, world.host).create();
    world.fake.enqueue(turn(text("The **answer** is 42.")));
    const panel = await PanelController.open(world.link, world.host, session);
    await panel.send("what is the answer?");
    await waitForEvent(panel, "turn_completed");

    const commands = new CommandController(world.link, world.host);
    const md = await commands.transcript(session.id);
    expect(md).toContain("what is the answer?");
    expect(md).toContain("The **answer** is 42.");
    expect(world.host.of("document")[0]).toMatchObject({ language: "markdown" });

    expect(await commands.cost(session.id)).toMatch(
      /^Berth cost: this session \$[\d.]+ · today \$[\d.]+ · this month \$[\d.]+$/,
    );
    const report = await commands.doctor();
    expect(report).toContain("# Berth doctor");
    expect(report).toContain("credential: ANTHROPIC_API_KEY");
    expect(report).toContain(`folder ${world.project}: trusted`);
    await panel.dispose();
  }, 30_000);
});
