// scripts/examples/attach.mjs (the client docs/clients.md walks through) against a real daemon:
// it prints a session's history, and with --after only what came after that cursor.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import { PanelController } from "../src/panel";
import { SessionListController } from "../src/session-list";
import { makeWorld, REPO_ROOT, waitForEvent, type World } from "./support/world";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
}, 30_000);
afterEach(async () => world?.cleanup(), 20_000);

function example(args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, "scripts/examples/attach.mjs"), ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: world.home, BERTH_HOME: world.home },
    encoding: "utf8",
    timeout: 15_000,
  });
}

it("attaches to a session and prints it, from the start or from a cursor", async () => {
  world.host.modalAnswers = ["Trust folder"];
  const session = await new SessionListController(world.link, world.host).create();
  const panel = await PanelController.open(world.link, world.host, session);
  world.fake.enqueue(
    turn(text("Writing it."), toolUse("Write", { file_path: join(world.project, "x.txt"), content: "x" })),
    turn(text("All done.")),
    turn(text("Second answer.")),
  );
  await panel.send("make x");
  const q = await waitFor(() => world.host.choices[0], { description: "the question" });
  q.answer("allow_once");
  await waitForEvent(panel, "turn_completed");
  const cursor = panel.lastSeq;

  const all = example([session.id]);
  expect(all.stderr).toBe("");
  expect(all.status).toBe(0);
  const lines = all.stdout.trim().split("\n");
  expect(lines[0]).toMatch(/^connected to berth-daemon .* as \S+$/);
  expect(lines).toEqual(
    expect.arrayContaining([
      "› make x",
      "Writing it.",
      `⚙ Write ${JSON.stringify({ file_path: join(world.project, "x.txt"), content: "x" })}`,
      `? Permission needed: Write (Editing with Write ${join(world.project, "x.txt")} needs approval.)`,
      "  ✓ allowed",
      "All done.",
    ]),
  );
  expect(lines.filter((l) => l.startsWith("— turn done"))).toHaveLength(1);
  expect(lines).toContain(`attached to ${session.id} (idle, ${cursor} events)`);

  await panel.send("again");
  await waitForEvent(panel, "turn_completed", 2);
  const later = example([session.id, "--after", String(cursor)]);
  expect(later.status).toBe(0);
  expect(later.stdout).toContain("› again");
  expect(later.stdout).toContain("Second answer.");
  expect(later.stdout).not.toContain("make x");
  await panel.dispose();

  const missing = example(["no-such-session"]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/^berth example: .*no-such-session|not found/i);
}, 30_000);
