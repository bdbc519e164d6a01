// The session side of the web tools against real servers: the fake Messages API for the side
// request and the server search tool, and an HTTPS page signed by a throwaway CA.
import { ApiKeyHelperRegistry, createModelClient, type ModelClient } from "@berth/providers";
import {
  apiError,
  type FakeAnthropic,
  makeTempDir,
  makeTestCertificates,
  PLANTED,
  startFakeAnthropic,
  startForwardProxy,
  startTestWebServer,
  type TempDir,
  text,
  turn,
  webSearch,
} from "@berth/testkit";
import { createTodoStore, webFetchTool } from "@berth/tools";
import { afterEach, describe, expect, it } from "vitest";
import { createWebAccess, type SideUsage } from "./web-access";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function session(env: Record<string, string> = {}, ...turns: Parameters<FakeAnthropic["enqueue"]>) {
  const fake = await startFakeAnthropic({ script: turns });
  cleanups.push(() => fake.close());
  const modelClient = await createModelClient({
    env: { ANTHROPIC_API_KEY: "sk-ant-side-test-key", ANTHROPIC_BASE_URL: fake.url, ...env },
    helperRegistry: new ApiKeyHelperRegistry(),
    cwd: process.cwd(),
    maxRetries: 0,
  });
  cleanups.push(() => modelClient.close());
  const usage: SideUsage[] = [];
  const web = createWebAccess({ modelClient, env, onUsage: (u) => usage.push(u) });
  cleanups.push(() => web.close());
  return { fake, web, usage };
}

const signal = () => new AbortController().signal;

describe("side requests", () => {
  it("go to the small fast model with only the given prompt, and report usage", async () => {
    const { fake, web, usage } = await session(
      { ANTHROPIC_DEFAULT_HAIKU_MODEL: "claude-side-test" },
      turn(text("  the answer  ")),
    );
    expect(await web.sideQuery({ system: "sys", prompt: "page + question" }, signal())).toBe("the answer");
    expect(fake.requests[0]?.body).toMatchObject({
      model: "claude-side-test",
      system: "sys",
      messages: [{ role: "user", content: "page + question" }],
    });
    expect(fake.requests[0]?.body?.tools).toBeUndefined();
    expect(usage).toMatchObject([{ model: "claude-side-test", usage: { input_tokens: expect.any(Number) } }]);
  });
});

describe("web search", () => {
  it("uses the server web search tool with the domain filters and returns text and sources", async () => {
    const { fake, web } = await session(
      {},
      turn(
        ...webSearch("berth daemon", [{ title: "Berth docs", url: "https://docs.example.com/berth" }]),
        text("Berth runs a per-user daemon."),
      ),
    );
    const outcome = await web.search?.(
      { query: "berth daemon", allowedDomains: ["docs.example.com"] },
      signal(),
    );
    expect(outcome).toEqual({
      ok: true,
      text: "Berth runs a per-user daemon.",
      sources: [{ title: "Berth docs", url: "https://docs.example.com/berth" }],
      searches: 1,
    });
    expect(fake.requests[0]?.body?.tools).toEqual([
      { type: "web_search_20250305", name: "web_search", max_uses: 5, allowed_domains: ["docs.example.com"] },
    ]);
  });

  it("reports a refused tool or a failed search as unavailable", async () => {
    const { web } = await session(
      {},
      apiError(400, "invalid_request_error", "tools.0: Input tag 'web_search_20250305' is not supported"),
      turn(...webSearch("q", { error_code: "too_many_requests" })),
    );
    const refused = await web.search?.({ query: "q" }, signal());
    expect(refused).toMatchObject({
      ok: false,
      unavailable: expect.stringMatching(/refused the web search tool \(HTTP 400/),
    });
    const failed = await web.search?.({ query: "q" }, signal());
    expect(failed).toEqual({ ok: false, unavailable: "the search failed (too_many_requests)" });
  });

  it("is unavailable on Bedrock and Vertex without a request", async () => {
    for (const provider of ["bedrock", "vertex"] as const) {
      const modelClient: Pick<ModelClient, "provider" | "messagesCreate"> = {
        provider,
        messagesCreate: () => Promise.reject(new Error("no request may be made")),
      };
      const web = createWebAccess({ modelClient, env: {} });
      const outcome = await web.search?.({ query: "q" }, signal());
      expect(outcome).toMatchObject({
        ok: false,
        unavailable: expect.stringMatching(/does not offer the web search tool/),
      });
    }
  });
});

describe("page fetches", () => {
  it("trust the session's NODE_EXTRA_CA_CERTS for HTTPS, and only then", async () => {
    const dir: TempDir = makeTempDir("berth-web-ca-");
    cleanups.push(() => dir.cleanup());
    const certs = makeTestCertificates(dir.path);
    const site = await startTestWebServer({ tls: certs });
    cleanups.push(() => site.close());
    const url = `${site.origin}/page`;

    const { web: trusting, fake } = await session(
      { NODE_EXTRA_CA_CERTS: certs.caPath },
      turn(text("4.2 it is.")),
    );
    const ctx = {
      sessionId: "s",
      cwd: dir.path,
      signal: signal(),
      todos: createTodoStore(),
      shell: () => {
        throw new Error("no shell");
      },
    };
    const ok = await webFetchTool.execute({ url, prompt: "version?" }, { ...ctx, web: trusting });
    expect(ok.content).toContain("4.2 it is.");
    expect(fake.requests[0]?.rawBody).toContain(PLANTED);
    expect(site.headers[0]?.["x-api-key"]).toBeUndefined();

    const { web: plain } = await session({});
    const refused = await webFetchTool.execute(
      { url: `${url}?again`, prompt: "version?" },
      { ...ctx, web: plain },
    );
    expect(refused).toMatchObject({ isError: true, content: expect.stringMatching(/certificate/i) });
  });

  it("go through the session's HTTP proxy unless NO_PROXY exempts the host", async () => {
    const site = await startTestWebServer();
    cleanups.push(() => site.close());
    const proxy = await startForwardProxy();
    cleanups.push(() => proxy.close());
    const { web: proxied } = await session({ HTTP_PROXY: proxy.url });
    const viaProxy = await proxied.fetch(`${site.origin}/notes.txt`, { method: "GET" });
    expect(await viaProxy.text()).toContain("plain notes");
    expect(proxy.seen).toEqual([site.origin.replace("http://", "")]);

    const { web: exempt } = await session({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
    await (await exempt.fetch(`${site.origin}/notes.txt`, { method: "GET" })).text();
    expect(proxy.seen).toHaveLength(1);
  });
});
