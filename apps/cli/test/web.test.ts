// WebFetch end to end: the real CLI and daemon, the fake model and a real local web server whose
// page carries planted instructions. The page may reach only the separate side request.
import {
  type CapturedRequest,
  type FakeAnthropic,
  PLANTED,
  type ScriptTurn,
  startFakeAnthropic,
  startTestWebServer,
  systemText,
  type TestWebServer,
  text,
  toolUse,
  turn,
} from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";

const API_KEY = "sk-ant-e2e-web-0123456789abcdef";
const SIDE_MODEL = "claude-side-test";
const SIDE_ANSWER = "Release 4.2 adds cache settings.";

let sandbox: Sandbox;
let site: TestWebServer;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox();
  site = await startTestWebServer();
}, 120_000);
afterAll(async () => {
  await site?.close();
  await sandbox?.cleanup();
});

const isSide = (req: CapturedRequest) => req.body?.model === SIDE_MODEL;

/** Main-conversation turns in order; every side request is answered with SIDE_ANSWER. */
async function fakeModel(main: ScriptTurn[]): Promise<FakeAnthropic> {
  let next = 0;
  return startFakeAnthropic({
    responder: (req) => (isSide(req) ? turn(text(SIDE_ANSWER)) : main[next++]),
  });
}

async function berth(fake: FakeAnthropic, args: string[]) {
  const env = sandbox.env(fake.url, {
    ANTHROPIC_API_KEY: API_KEY,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: SIDE_MODEL,
  });
  const run = await runCli(["-p", "read the release notes", "--output-format", "json", ...args], {
    cwd: sandbox.project(),
    env,
    timeoutMs: 90_000,
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { result: string; permission_denials: { tool_name: string }[] };
}

describe("WebFetch through the daemon", () => {
  it("reads the page in a separate request: the conversation only sees the side model's answer", async () => {
    const url = `${site.origin}/page`;
    const fake = await fakeModel([
      turn(toolUse("WebFetch", { url, prompt: "What changed in this release?" })),
      turn(text("Done.")),
    ]);
    try {
      const result = await berth(fake, ["--allowedTools", "WebFetch(domain:127.0.0.1)"]);
      expect(result.result).toBe("Done.");
      const side = fake.requests.filter(isSide);
      const main = fake.requests.filter((r) => !isSide(r));
      expect(side).toHaveLength(1);
      expect(main).toHaveLength(2);
      // The side request carries the page and the question, and nothing of the conversation.
      expect(side[0]?.rawBody).toContain(PLANTED);
      expect(side[0]?.rawBody).toContain("What changed in this release?");
      expect(side[0]?.body?.messages).toHaveLength(1);
      expect(side[0]?.body?.tools ?? []).toHaveLength(0);
      expect(systemText(side[0]!)).toMatch(/untrusted data/);
      expect(side[0]?.rawBody).not.toContain("read the release notes");
      // No main-conversation request ever contains the page text; the answer arrives as the tool result.
      for (const req of main) expect(req.rawBody).not.toContain("IGNORE PREVIOUS INSTRUCTIONS");
      expect(main[1]?.rawBody).toContain(SIDE_ANSWER);
      // The fetched site saw a plain request: no model credential, no auth header.
      const headers = site.headers.at(-1) ?? {};
      expect(headers["user-agent"]).toMatch(/^Claude-User/);
      expect(headers.authorization).toBeUndefined();
      expect(headers["x-api-key"]).toBeUndefined();
      expect(JSON.stringify(site.headers)).not.toContain(API_KEY);
    } finally {
      await fake.close();
    }
  });

  it("asks for an unapproved domain, which print mode denies without fetching", async () => {
    const before = site.hits.get("/notes.txt") ?? 0;
    const fake = await fakeModel([
      turn(toolUse("WebFetch", { url: `${site.origin}/notes.txt`, prompt: "summarise" })),
      turn(text("I could not read it.")),
    ]);
    try {
      const result = await berth(fake, []);
      expect(result.permission_denials).toMatchObject([{ tool_name: "WebFetch" }]);
      expect(site.hits.get("/notes.txt") ?? 0).toBe(before);
      expect(fake.requests.filter(isSide)).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  it("lets a deny rule for a subdomain beat an allow for all subdomains", async () => {
    const fake = await fakeModel([
      turn(toolUse("WebFetch", { url: "https://evil.example.com/x", prompt: "summarise" })),
      turn(text("Blocked.")),
    ]);
    try {
      const result = await berth(fake, [
        "--allowedTools",
        "WebFetch(domain:*.example.com)",
        "--disallowedTools",
        "WebFetch(domain:evil.example.com)",
      ]);
      expect(result.permission_denials).toMatchObject([{ tool_name: "WebFetch" }]);
      expect(JSON.stringify(fake.requests[1]?.body?.messages?.at(-1))).toMatch(
        /denied by the deny rule \\"WebFetch\(domain:evil\.example\.com\)\\"/,
      );
      expect(fake.requests.filter(isSide)).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
