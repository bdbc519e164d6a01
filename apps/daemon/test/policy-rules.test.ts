// Rule advice, hostile repository git config and hard links, through a real daemon.
import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { text, toolUse, turn } from "@berth/testkit";
import { openSession, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
afterEach(async () => t?.stop());

function projectSettings(settings: object): void {
  mkdirSync(join(t.project, ".claude"), { recursive: true });
  writeFileSync(join(t.project, ".claude", "settings.json"), JSON.stringify(settings, null, 2));
}

describe("advice on wrapper-only allow rules", () => {
  it("is a warning in `berth permissions` and `berth config`, with the form that works", async () => {
    t = await startTestDaemon();
    projectSettings({ permissions: { allow: ["Bash(timeout:*)", "Bash(timeout 20 uv run python:*)"] } });
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    for (const method of ["permissions/list", "config/get"] as const) {
      const { diagnostics } = await conn.request(method, { cwd: t.project });
      const advice = diagnostics.filter((d) => d.code === "wrapper-only-rule");
      expect(advice, method).toHaveLength(1);
      expect(advice[0]).toMatchObject({
        severity: "warning",
        file: join(t.project, ".claude", "settings.json"),
      });
      expect(advice[0]?.message).toContain("Bash(timeout <seconds> <program>:*)");
    }
  });
});

describe("print-mode refusals", () => {
  it("read as one sentence each, without a doubled full stop", async () => {
    t = await startTestDaemon();
    const conn = await t.connect();
    const { view, rec } = await openSession(t, conn, { interactive: false });
    t.fake.enqueue(turn(toolUse("Bash", { command: "touch nope" })), turn(text("ok")));
    await view.send("touch it");
    const result = await rec.waitFor("tool_result");
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/needs approval[^.]*\. Nobody can approve it in print mode/);
    expect(result.content).not.toContain("..");
  });
});

describe("checks that need the filesystem, through a real daemon", () => {
  async function firstOutcome(
    extra: Record<string, unknown>,
    call: { name: string; input: Record<string, unknown> },
  ) {
    const conn = await t.connect();
    const { view, rec } = await openSession(t, conn, extra);
    t.fake.enqueue(turn(toolUse(call.name, call.input)), turn(text("ok")));
    await view.send("go");
    const asked = rec.waitFor("permission_request");
    const ran = rec.waitFor("tool_result");
    // Only one of the two arrives; the other's timeout must not surface as an unhandled rejection.
    asked.catch(() => {});
    ran.catch(() => {});
    return Promise.race([asked, ran]);
  }

  it("asks before git diff in a repository whose own config sets diff.external, naming the key", async () => {
    t = await startTestDaemon();
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: t.root, GIT_CONFIG_NOSYSTEM: "1" };
    execFileSync("git", ["init", "-q", t.project], { env });
    execFileSync("git", ["-C", t.project, "config", "diff.external", join(t.root, "evil.sh")], { env });
    const event = await firstOutcome({}, { name: "Bash", input: { command: "git diff" } });
    expect(event.type).toBe("permission_request");
    expect(JSON.stringify(event)).toContain("diff.external");
  });

  it("asks before an acceptEdits edit of a project file hard-linked to a file outside the project", async () => {
    t = await startTestDaemon();
    const outside = join(t.root, "authorized_keys");
    writeFileSync(outside, "ssh-ed25519 AAAA me\n");
    linkSync(outside, join(t.project, "notes.txt"));
    const event = await firstOutcome(
      { permissionMode: "acceptEdits" },
      { name: "Write", input: { file_path: join(t.project, "notes.txt"), content: "attacker key" } },
    );
    expect(event.type).toBe("permission_request");
    expect(JSON.stringify(event)).toContain("hard links");
    expect(readFileSync(outside, "utf8")).toBe("ssh-ed25519 AAAA me\n");
  });
});
