// CLAUDE.md memory in a live session: what reaches the model's system prompt, what an untrusted
// repository cannot make Berth read, reloads on change and subfolder files on first use.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemText, text, toolUse, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type EventRecorder, openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
afterEach(async () => t?.stop());

function write(rel: string, content: string, base = t.project): string {
  const path = join(base, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function ask(view: { send(text: string): Promise<{ turnId: string }> }, rec: EventRecorder) {
  t.fake.enqueue(turn(text("ok")));
  const { turnId } = await view.send("hi");
  while (!rec.events.some((n) => n.event.type === "turn_completed" && n.event.turnId === turnId))
    await rec.next("turn_completed", 20_000);
  return systemText(t.fake.requests.at(-1)!);
}

describe("memory files in a live session", () => {
  it("loads managed, user and project memory with imports; an untrusted repo cannot import outside", async () => {
    t = await startTestDaemon();
    const secret = write("secret/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY----- hush", t.root);
    write("CLAUDE.md", "Managed: never push to main.", t.root);
    write("home/CLAUDE.md", "User: answer in English.", t.root);
    write("CLAUDE.md", `Project: run pnpm test. See @docs/conventions.md and @${secret}`);
    write("docs/conventions.md", "Conventions: tabs, not spaces.");
    const { view, rec } = await openSession(t, await t.connect());
    const system = await ask(view, rec);
    const order = [
      "Managed: never push",
      "User: answer in English",
      "Project: run pnpm test",
      "Conventions: tabs",
    ];
    const positions = order.map((s) => system.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(system).not.toContain("PRIVATE KEY");
    const notices = rec.events.map((n) => n.event).filter((e) => e.type === "notice");
    expect(notices.some((n) => n.type === "notice" && n.message.includes("not trusted"))).toBe(true);
  });

  it("reloads a changed CLAUDE.md and loads a subfolder's file when the agent reads below it", async () => {
    t = await startTestDaemon();
    write("CLAUDE.md", "Version one.");
    write("pkg/CLAUDE.md", "Package rules: no default exports.");
    const file = write("pkg/index.ts", "export const x = 1;\n");
    const { view, rec } = await openSession(t, await t.connect());
    expect(await ask(view, rec)).toContain("Version one.");

    write("CLAUDE.md", "Version two.");
    const reloaded = await ask(view, rec);
    expect(reloaded).toContain("Version two.");
    expect(reloaded).not.toContain("Package rules");

    t.fake.enqueue(turn(toolUse("Read", { file_path: file })), turn(text("read it")));
    const { turnId } = await view.send("read the package");
    while (!rec.events.some((n) => n.event.type === "turn_completed" && n.event.turnId === turnId))
      await rec.next("turn_completed", 20_000);
    expect(systemText(t.fake.requests.at(-1)!)).toContain("Package rules: no default exports.");
  });

  it("lists files with origins, asks once for an outside import in a trusted folder, and appends # notes", async () => {
    t = await startTestDaemon();
    const shared = write("shared/team.md", "Team: squash merges only.", t.root);
    write("CLAUDE.md", `Project rules. @${shared}`);
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const { session, view, rec } = await openSession(t, conn);
    expect((await conn.request("context/memory", { sessionId: session.id })).loaded).toBe(false);
    expect(await ask(view, rec)).not.toContain("Team: squash");

    const listed = await conn.request("context/memory", { sessionId: session.id });
    expect(listed.files.map((f) => [f.index, f.origin])).toEqual([[1, "project"]]);
    expect(listed.pendingImports).toEqual([shared]);
    // Only a path the session asked about can be approved.
    const approved = await conn.request("context/approveImports", {
      sessionId: session.id,
      paths: [shared, "/etc/passwd"],
    });
    expect(approved.approved).toEqual([shared]);
    expect(await ask(view, rec)).toContain("Team: squash merges only.");

    const note = await conn.request("context/remember", {
      sessionId: session.id,
      scope: "local",
      text: "Use pnpm.",
    });
    expect(note.path).toBe(join(t.project, "CLAUDE.local.md"));
    expect(await ask(view, rec)).toContain("- Use pnpm.");
    const after = await conn.request("context/memory", { sessionId: session.id });
    expect(after.files.map((f) => f.origin)).toEqual(["project", "import", "local"]);
  });
});
