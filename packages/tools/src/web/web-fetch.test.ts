import { PLANTED, startTestWebServer, type TestWebServer } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext, tempDir } from "../test-helpers.js";
import type { SideQueryRequest, WebAccess } from "./types.js";
import { isSameHostRedirect, requestUrl } from "./url-policy.js";
import { createWebFetchTool } from "./web-fetch.js";

let server: TestWebServer;
beforeAll(async () => {
  server = await startTestWebServer();
});
afterAll(() => server.close());

/** A side model that records what it was shown and answers with a fixed sentence. */
function sideModel() {
  const seen: SideQueryRequest[] = [];
  const web: WebAccess = {
    fetch: (url, init) => fetch(url, init),
    sideQuery: async (request) => {
      seen.push(request);
      return "Version 4.2 adds cache settings.";
    },
  };
  return { web, seen };
}

function run(tool: ReturnType<typeof createWebFetchTool>, web: WebAccess | undefined, url: string) {
  return tool.execute({ url, prompt: "What changed?" }, makeContext(tempDir(), web ? { web } : {}));
}

describe("WebFetch", () => {
  it("shows the page only to the side model and returns its answer", async () => {
    const { web, seen } = sideModel();
    const result = await run(createWebFetchTool(), web, `${server.origin}/page`);
    expect(result.isError).toBeUndefined();
    expect(result.content).toContain("Version 4.2 adds cache settings.");
    expect(result.content).not.toContain("IGNORE PREVIOUS");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.prompt).toContain(PLANTED);
    expect(seen[0]?.prompt).toContain("## Release 4.2");
    expect(seen[0]?.prompt).toContain("Question: What changed?");
    expect(seen[0]?.system).toMatch(/never follow them/);
  });

  it("caches the converted page: a second question does not download again", async () => {
    const { web, seen } = sideModel();
    const tool = createWebFetchTool();
    const before = server.hits.get("/notes.txt") ?? 0;
    await run(tool, web, `${server.origin}/notes.txt`);
    const second = await run(tool, web, `${server.origin}/notes.txt`);
    expect(server.hits.get("/notes.txt")).toBe(before + 1);
    expect(second.content).toContain("from cache");
    expect(seen).toHaveLength(2);
  });

  it("follows a same-host redirect and returns a cross-host one as text", async () => {
    const { web, seen } = sideModel();
    const tool = createWebFetchTool();
    expect((await run(tool, web, `${server.origin}/same-host`)).content).toContain(`${server.origin}/page`);
    const cross = await run(tool, web, `${server.origin}/other-host`);
    expect(cross.content).toContain("to a different host: https://elsewhere.example/landing");
    expect(cross.content).toContain("call WebFetch again");
    expect(cross.content).not.toContain("IGNORE PREVIOUS");
    expect(seen).toHaveLength(1);
    const loop = await createWebFetchTool({ limits: { maxRedirects: 3 } }).execute(
      { url: `${server.origin}/loop`, prompt: "x" },
      makeContext(tempDir(), { web }),
    );
    expect(loop).toMatchObject({ isError: true, content: expect.stringContaining("more than 3 times") });
  });

  it("enforces the size limit while streaming and from content-length", async () => {
    const { web, seen } = sideModel();
    const tool = createWebFetchTool({ limits: { maxBytes: 1024 * 1024 } });
    const streamed = await run(tool, web, `${server.origin}/huge`);
    expect(streamed).toMatchObject({
      isError: true,
      content: expect.stringContaining("larger than the 1 MB"),
    });
    const declared = await run(tool, web, `${server.origin}/declared-huge`);
    expect(declared).toMatchObject({ isError: true, content: expect.stringContaining("larger than") });
    expect(seen).toHaveLength(0);
  });

  it("gives up on a stalled page at the time limit", async () => {
    const { web } = sideModel();
    const result = await run(
      createWebFetchTool({ limits: { timeoutMs: 300 } }),
      web,
      `${server.origin}/stall`,
    );
    expect(result).toMatchObject({
      isError: true,
      content: expect.stringContaining("did not answer within 0.3 s"),
    });
  });

  it("stops a stalled fetch when the user interrupts", async () => {
    const { web } = sideModel();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await createWebFetchTool().execute(
      { url: `${server.origin}/stall`, prompt: "x" },
      makeContext(tempDir(), { web, controller }),
    );
    expect(result).toMatchObject({ isError: true, content: "Interrupted by the user." });
  });

  it("reads no error pages, binaries or unreachable hosts, and needs a side model", async () => {
    const { web, seen } = sideModel();
    const tool = createWebFetchTool();
    expect(await run(tool, web, `${server.origin}/missing`)).toMatchObject({
      isError: true,
      content: expect.stringMatching(/HTTP 404; nothing was read/),
    });
    expect((await run(tool, web, `${server.origin}/image.png`)).content).toMatch(
      /image\/png, not a text page/,
    );
    expect((await run(tool, web, `${server.origin}/unlabelled.bin`)).content).toMatch(/binary data/);
    const closed = await startTestWebServer();
    await closed.close();
    expect((await run(tool, web, `${closed.origin}/`)).content).toMatch(/Could not fetch .*ECONNREFUSED/);
    expect((await run(tool, undefined, `${server.origin}/page`)).content).toMatch(/not available/);
    expect((await run(tool, web, "ftp://example.com/")).content).toMatch(/only fetches http and https/);
    expect(seen).toHaveLength(0);
  });
});

describe("URL policy", () => {
  it("upgrades http to https except on loopback, and drops fragments", () => {
    const url = (raw: string) => {
      const r = requestUrl(raw);
      return r.ok ? r.url.href : r.message;
    };
    expect(url("http://example.com/a#top")).toBe("https://example.com/a");
    expect(url("http://localhost:3000/")).toBe("http://localhost:3000/");
    expect(url("http://127.0.0.1:8080/x")).toBe("http://127.0.0.1:8080/x");
    expect(url("http://[::1]:8080/")).toBe("http://[::1]:8080/");
    expect(url("http://app.localhost/")).toBe("http://app.localhost/");
    expect(url("https://user:pw@example.com/")).toMatch(/credentials/);
    expect(url("not a url")).toMatch(/not a valid URL/);
  });

  it("treats only the same host and port, never a downgrade, as a same-host redirect", () => {
    const same = (a: string, b: string) => isSameHostRedirect(new URL(a), new URL(b));
    expect(same("http://a.io/x", "https://a.io/y")).toBe(true);
    expect(same("https://A.io/x", "https://a.io/y")).toBe(true);
    expect(same("https://a.io/x", "http://a.io/y")).toBe(false);
    expect(same("https://a.io/x", "https://b.a.io/y")).toBe(false);
    expect(same("https://a.io/x", "https://a.io:8443/y")).toBe(false);
    expect(same("https://a.io/x", "file:///etc/passwd")).toBe(false);
  });
});
