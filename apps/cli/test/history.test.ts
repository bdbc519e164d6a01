// History from the terminal: --continue, --resume (id, prefix, picker), --fork-session, search,
// export, titles, delete with confirmation, prune, and the one-line retention notice.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "@berth/store";
import { type FakeAnthropic, lastUserText, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox, stopDaemon } from "./support/cli";
import { ensureBuilt } from "./support/paths";
import { CliTerminal } from "./support/terminal";

let sandbox: Sandbox;
let fake: FakeAnthropic;
const terminals: CliTerminal[] = [];

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox("berth-cli-history-");
  // Echo the prompt back, so each answer names the question it answers.
  fake = await startFakeAnthropic({ responder: (request) => turn(text(`echo: ${lastUserText(request)}`)) });
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});
afterEach(() => {
  for (const t of terminals.splice(0)) t.dispose();
});

const cli = (args: string[], cwd: string, extra: Record<string, string> = {}) =>
  runCli(args, { cwd, env: sandbox.env(fake.url, extra) });

async function sessionsIn(
  cwd: string,
): Promise<Array<{ id: string; firstPrompt: string; title: string | null }>> {
  const r = await cli(["sessions", "--json"], cwd);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe("resume from the command line", () => {
  it("continues the latest session here, resumes by id prefix, and forks", async () => {
    const project = sandbox.project();
    expect((await cli(["-p", "first about platypus"], project)).stdout).toBe("echo: first about platypus\n");
    expect((await cli(["-p", "second about wombat"], project)).code).toBe(0);
    const [latest, older] = await sessionsIn(project);
    expect(latest?.firstPrompt).toBe("second about wombat");

    const cont = await cli(["-p", "-c", "and the echidna?"], project);
    expect(cont.stdout).toBe("echo: and the echidna?\n");
    const sent = fake.requests.at(-1)?.body as { messages: unknown[] };
    expect(JSON.stringify(sent.messages)).toContain("second about wombat");
    expect(sent.messages).toHaveLength(3);

    const byPrefix = await cli(["-p", "--resume", (older?.id ?? "").slice(0, 8), "platypus again"], project);
    expect(byPrefix.stdout).toBe("echo: platypus again\n");
    expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain("first about platypus");

    const fork = await cli(["-p", "--resume", latest?.id ?? "", "--fork-session", "a fork"], project);
    expect(fork.code).toBe(0);
    const after = await sessionsIn(project);
    expect(after).toHaveLength(3);
    const parent = await cli(["history", "export", latest?.id ?? ""], project);
    expect(parent.stdout.trimEnd().split("\n")).toHaveLength(1 + 4); // the fork left the parent alone

    const noId = await cli(["-p", "--resume", "x"], project);
    expect(noId.code).not.toBe(0);
    expect(noId.stderr).toMatch(/No session x|needs a terminal/);
    const picker = await runCli(["-p", "--resume"], {
      cwd: project,
      env: sandbox.env(fake.url),
      input: "hi",
    });
    expect(picker.stderr).toMatch(/--resume without an id needs a terminal.*berth --resume <id>/);
    const nowhere = await cli(["-p", "-c", "hello?"], sandbox.project());
    expect(nowhere.stderr).toMatch(/No previous session in/);
    const noPersist = await cli(["-p", "-c", "--no-session-persistence", "x"], project);
    expect(noPersist.stderr).toMatch(/already in history/);
  }, 60_000);

  it("picks a session in a terminal: type to filter, Enter, then the conversation goes on", async () => {
    const project = sandbox.project();
    await cli(["-p", "talk about koalas"], project);
    await cli(["-p", "talk about quolls"], project);
    const term = new CliTerminal(["--resume"], { cwd: project, env: sandbox.env(fake.url) });
    terminals.push(term);
    await term.waitForText("Resume a session");
    term.type("koala");
    await term.waitForText(/\(1 of \d+, all folders\)/);
    term.type("\r");
    const trust = await term.waitForText(/Do you trust the files in|resumed/);
    if (trust.includes("Do you trust")) term.type("y");
    const screen = await term.waitForText("echo: talk about koalas");
    expect(screen).toContain("› talk about koalas");
    expect(screen).not.toContain("quolls");
    await term.waitForText(/^›\s*$/m);
    term.type("more koalas please\r");
    await term.waitForText("echo: more koalas please");
    term.type("/exit\r");
    expect((await term.exited).exitCode).toBe(0);
  }, 60_000);
});

describe("berth history", () => {
  it("searches, titles, exports and deletes", async () => {
    const project = sandbox.project();
    await cli(["-p", "the quick brown fox"], project);
    await cli(["-p", "jumps over the lazy dog"], project);
    const found = await cli(["history", "search", "lazy", "--here"], project);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/\[lazy\] dog/);
    const none = await cli(["history", "search", "zebra-crossing-xyz"], project);
    expect(none.code).toBe(1);

    const [dog, fox] = await sessionsIn(project);
    expect((await cli(["history", "title", dog?.id ?? "", "Dog", "chat"], project)).stdout).toMatch(
      /Titled .*: Dog chat/,
    );
    const file = join(sandbox.root, "dog.md");
    const exported = await cli(
      ["history", "export", dog?.id ?? "", "--format", "markdown", "-o", file],
      project,
    );
    expect(exported.code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/^# Dog chat\n[\s\S]*## User\n\njumps over the lazy dog/);

    const refused = await cli(["history", "delete", fox?.id ?? ""], project);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--yes/);
    const deleted = await cli(["history", "delete", fox?.id ?? "", "--yes"], project);
    expect(deleted.stdout).toMatch(/Deleted 1 session/);
    const folder = await cli(["history", "delete", "--folder", "--yes"], project);
    expect(folder.stdout).toMatch(/Deleted 1 session/);
    expect(await sessionsIn(project)).toEqual([]);
  }, 60_000);

  it("prints a one-line notice after a sweep removed sessions, and lists what goes next", async () => {
    await stopDaemon(sandbox.home);
    const project = sandbox.project();
    const DAY = 24 * 60 * 60 * 1000;
    const store = openStore({ path: join(sandbox.home, "berth.db"), now: () => Date.now() - 45 * DAY });
    store.createSession({ cwd: project, title: "ancient" });
    store.close();
    const soon = openStore({ path: join(sandbox.home, "berth.db"), now: () => Date.now() - 29.5 * DAY });
    soon.createSession({ cwd: project, title: "nearly due" });
    soon.close();

    const first = await cli(["sessions"], project);
    expect(first.stderr).toMatch(/^berth: Retention removed 1 session inactive for more than 30 days/m);
    expect(first.stderr.trim().split("\n")).toHaveLength(1);
    expect((await cli(["sessions"], project)).stderr).toBe("");

    const dry = await cli(["history", "prune", "--dry-run"], project, {});
    expect(dry.stdout).toMatch(/Nothing to prune/);
    const settings = join(sandbox.home, "settings.json");
    // A shorter period applies at the next sweep: the settings file is read each time.
    await import("node:fs").then((fs) =>
      fs.writeFileSync(settings, JSON.stringify({ cleanupPeriodDays: 7 })),
    );
    const listed = await cli(["history", "prune", "--dry-run"], project);
    expect(listed.stdout).toMatch(/1 session would be deleted; cleanupPeriodDays 7/);
    expect(listed.stdout).toContain("nearly due");
    const pruned = await cli(["history", "prune"], project);
    expect(pruned.stdout).toMatch(/Removed 1 session/);
    await import("node:fs").then((fs) =>
      fs.writeFileSync(settings, JSON.stringify({ cleanupPeriodDays: 0 })),
    );
    const zero = await cli(["history", "prune", "--dry-run"], project);
    expect(zero.stderr).toMatch(/--no-session-persistence/);
    expect(zero.stdout).toMatch(/cleanupPeriodDays 30/);
  }, 60_000);

  it("a dry run that starts the daemon deletes nothing and lists what the next sweep removes", async () => {
    await stopDaemon(sandbox.home);
    const project = sandbox.project();
    const DAY = 24 * 60 * 60 * 1000;
    const store = openStore({ path: join(sandbox.home, "berth.db"), now: () => Date.now() - 7 * DAY });
    store.createSession({ cwd: project, title: "week-old work" });
    store.close();
    const settings = join(sandbox.home, "settings.json");
    const fs = await import("node:fs");
    const before = fs.existsSync(settings) ? fs.readFileSync(settings, "utf8") : undefined;
    fs.writeFileSync(settings, JSON.stringify({ cleanupPeriodDays: 2 }));
    try {
      const dry = await cli(["history", "prune", "--dry-run"], project);
      expect(dry.stdout).toMatch(/1 session would be deleted; cleanupPeriodDays 2/);
      expect(dry.stdout).toContain("week-old work");
      expect(dry.stderr).toBe("");
      // The next ordinary command lets the sweep run and is told what it removed.
      const next = await cli(["-p", "hello after the preview"], project);
      expect(next.stderr).toMatch(/^berth: Retention removed 1 session inactive for more than 2 days/m);
      expect((await cli(["history", "prune", "--dry-run"], project)).stdout).toMatch(/Nothing to prune/);
    } finally {
      if (before === undefined) fs.rmSync(settings);
      else fs.writeFileSync(settings, before);
    }
  }, 60_000);

  it("keeps print-mode sessions out of history with --no-session-persistence or CLAUDE_CODE_SKIP_PROMPT_HISTORY", async () => {
    const project = sandbox.project();
    expect((await cli(["-p", "--no-session-persistence", "secret one"], project)).code).toBe(0);
    expect((await cli(["-p", "secret two"], project, { CLAUDE_CODE_SKIP_PROMPT_HISTORY: "1" })).code).toBe(0);
    expect(await sessionsIn(project)).toEqual([]);
    expect((await cli(["history", "search", "secret"], project)).code).toBe(1);
  }, 60_000);
});
