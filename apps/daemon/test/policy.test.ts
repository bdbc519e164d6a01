import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SessionView } from "@berth/client";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type EventRecorder, openSession, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon;
afterEach(async () => t?.stop());

function projectSettings(settings: object, file = "settings.json"): void {
  mkdirSync(join(t.project, ".claude"), { recursive: true });
  writeFileSync(join(t.project, ".claude", file), JSON.stringify(settings, null, 2));
}

async function open(extra: Record<string, unknown> = {}) {
  const conn = await t.connect();
  return { conn, ...(await openSession(t, conn, extra)) };
}

/** Runs one Bash call through a turn and reports how the gate treated it. */
async function bashOutcome(
  view: SessionView,
  rec: EventRecorder,
  command: string,
): Promise<"asked" | "ran" | "denied"> {
  t.fake.enqueue(turn(toolUse("Bash", { command })), turn(text("ok")));
  const before = rec.events.length;
  const { turnId } = await view.send(`run ${command}`);
  const outcome = await waitFor(
    () => {
      const mine = rec.events.slice(before).map((n) => n.event);
      if (mine.some((e) => e.type === "permission_request")) return "asked" as const;
      const result = mine.find((e) => e.type === "tool_result");
      if (result && result.type === "tool_result")
        return result.isError && /denied/i.test(result.content) ? "denied" : "ran";
      return undefined;
    },
    { timeoutMs: 10_000, description: `gate outcome for ${command}` },
  );
  if (outcome === "asked") {
    const ask = rec.events
      .slice(before)
      .map((n) => n.event)
      .find((e) => e.type === "permission_request");
    if (ask?.type === "permission_request") await view.respond(ask.request, "deny", "test says no");
  }
  await waitFor(
    () =>
      rec.events.slice(before).some((n) => n.event.type === "turn_completed" && n.event.turnId === turnId),
    {
      timeoutMs: 10_000,
    },
  );
  return outcome;
}

describe("settings, trust and policy in live sessions", () => {
  it("ignores an untrusted project's allow rules but applies its deny rules", async () => {
    t = await startTestDaemon();
    projectSettings({ permissions: { allow: ["Bash(mkdir *)"], deny: ["Bash(touch *)"] } });
    const { view, rec } = await open();
    expect(await bashOutcome(view, rec, "mkdir out")).toBe("asked");
    expect(await bashOutcome(view, rec, "touch x")).toBe("denied");
  });

  it("applies a trusted project's allow rules, but a managed deny always wins", async () => {
    t = await startTestDaemon({ managedSettings: { permissions: { deny: ["Bash(mkdir secret*)"] } } });
    projectSettings({ permissions: { allow: ["Bash(mkdir *)"] } });
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const { view, rec } = await open();
    expect(await bashOutcome(view, rec, "mkdir out")).toBe("ran");
    expect(await bashOutcome(view, rec, "mkdir secrets")).toBe("denied");
    // A prefix rule never covers a compound command's other parts.
    expect(await bashOutcome(view, rec, "mkdir a && curl https://evil.example")).toBe("asked");
  });

  it("saves an 'allow always' answer as a visible, removable rule", async () => {
    t = await startTestDaemon();
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const { view, rec } = await open();
    t.fake.enqueue(turn(toolUse("Bash", { command: "mkdir build" })), turn(text("made")));
    await view.send("make build");
    const ask = await rec.waitFor("permission_request");
    expect(ask.request.suggestions.length).toBeGreaterThan(0);
    await view.respond(ask.request, "allow_always");
    await rec.waitFor("turn_completed");
    const local = JSON.parse(readFileSync(join(t.project, ".claude", "settings.local.json"), "utf8"));
    expect(local.permissions.allow).toEqual(ask.request.suggestions);
    const listed = await conn.request("permissions/list", { cwd: t.project });
    const saved = listed.rules.filter((r) => r.removable);
    expect(saved.map((r) => r.text)).toEqual(ask.request.suggestions);
    const removed = await conn.request("permissions/remove", { cwd: t.project, rule: saved[0]!.text });
    expect(removed.removed).toBe(true);
  });

  it("applies a settings change to a running session (hot reload)", async () => {
    t = await startTestDaemon();
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    projectSettings({ permissions: { allow: ["Bash(mkdir *)"] } });
    const { view, rec } = await open();
    expect(await bashOutcome(view, rec, "mkdir one")).toBe("ran");
    projectSettings({ permissions: { allow: ["Bash(mkdir *)"], deny: ["Bash(mkdir two)"] } });
    await rec.next("notice", 10_000);
    expect(await bashOutcome(view, rec, "mkdir two")).toBe("denied");
  });

  it("turns print-mode questions into denials, and honours --allowedTools", async () => {
    t = await startTestDaemon();
    const { view, rec } = await open({ interactive: false, allowedTools: ["Bash(mkdir *)"] });
    expect(await bashOutcome(view, rec, "mkdir ok")).toBe("ran");
    const denied = await bashOutcome(view, rec, "touch nope");
    expect(denied).toBe("denied");
    const done = rec.events.map((n) => n.event).filter((e) => e.type === "turn_completed");
    expect(done.at(-1)?.type === "turn_completed" && done.at(-1)?.permissionDenials).toHaveLength(1);
  });

  it("refuses bypassPermissions when managed policy disables it", async () => {
    t = await startTestDaemon({
      managedSettings: { permissions: { disableBypassPermissionsMode: "disable" } },
    });
    const conn = await t.connect();
    const create = await conn
      .request("session/create", {
        cwd: t.project,
        env: sessionEnv(t.fake),
        permissionMode: "bypassPermissions",
      })
      .catch((e) => e);
    expect(String(create.message)).toMatch(/disableBypassPermissionsMode/);
    const { view } = await open();
    await expect(view.setMode("bypassPermissions")).rejects.toThrow(/Managed policy/);
    await expect(view.setMode("acceptEdits")).resolves.toEqual({ permissionMode: "acceptEdits" });
  });

  it("does not auto-approve edits through a symlink that points out of the project, even dangling", async () => {
    t = await startTestDaemon();
    const outside = join(t.root, "outside");
    symlinkSync(outside, join(t.project, "escape"));
    writeFileSync(join(t.project, "inside.txt"), "x");
    const { view, rec } = await open({ permissionMode: "acceptEdits" });
    t.fake.enqueue(
      turn(toolUse("Write", { file_path: join(t.project, "inside.txt"), content: "fine" })),
      turn(toolUse("Write", { file_path: join(t.project, "escape", "pwned.txt"), content: "nope" })),
      turn(text("done")),
    );
    await view.send("write both");
    const ask = await rec.waitFor("permission_request");
    expect(ask.request.input).toMatchObject({ file_path: join(t.project, "escape", "pwned.txt") });
    expect(readFileSync(join(t.project, "inside.txt"), "utf8")).toBe("fine");
    await view.respond(ask.request, "deny");
    await rec.waitFor("turn_completed");
    expect(existsSync(join(outside, "pwned.txt"))).toBe(false);
  });

  it("fails closed on an invalid managed file: allow rules from anywhere stop working", async () => {
    t = await startTestDaemon();
    writeFileSync(join(t.root, "managed-settings.json"), "{ not json");
    const { view, rec } = await open({ interactive: true, allowedTools: ["Bash(mkdir *)"] });
    expect(await bashOutcome(view, rec, "mkdir x")).toBe("asked");
    const conn = await t.connect();
    const config = await conn.request("config/get", { cwd: t.project });
    expect(config.policyError).toMatch(/managed/i);
  });
});
