import { describe, expect, it } from "vitest";
import { makeContext, tempDir } from "../test-helpers.js";
import type { WebAccess, WebSearchOutcome, WebSearchRequest } from "./types.js";
import { webSearchTool } from "./web-search.js";

function access(outcome: WebSearchOutcome | undefined) {
  const asked: WebSearchRequest[] = [];
  const web: WebAccess = {
    fetch: () => Promise.reject(new Error("WebSearch must not fetch pages itself")),
    sideQuery: () => Promise.reject(new Error("not used")),
    ...(outcome
      ? {
          search: async (request: WebSearchRequest) => {
            asked.push(request);
            return outcome;
          },
        }
      : {}),
  };
  return { web, asked };
}

const search = (web: WebAccess | undefined, input: Record<string, unknown>) =>
  webSearchTool.execute(input as never, makeContext(tempDir(), web ? { web } : {}));

describe("WebSearch", () => {
  it("passes the domain filters through and lists the sources", async () => {
    const { web, asked } = access({
      ok: true,
      text: "Node 22 is the active LTS.",
      sources: [{ title: "Releases", url: "https://nodejs.org/en/about/releases" }],
      searches: 1,
    });
    const result = await search(web, { query: "node lts", allowed_domains: ["nodejs.org"] });
    expect(asked).toEqual([{ query: "node lts", allowedDomains: ["nodejs.org"] }]);
    expect(result.content).toContain("Node 22 is the active LTS.");
    expect(result.content).toContain("- [Releases](https://nodejs.org/en/about/releases)");
  });

  it("says plainly when search is unavailable", async () => {
    expect(await search(undefined, { query: "x y" })).toMatchObject({
      isError: true,
      content: expect.stringMatching(/unavailable in this session/),
    });
    const { web } = access({ ok: false, unavailable: "Amazon Bedrock does not offer the web search tool." });
    expect((await search(web, { query: "x y" })).content).toBe(
      "WebSearch is unavailable: Amazon Bedrock does not offer the web search tool.",
    );
  });

  it("refuses allowed and blocked domains together", async () => {
    const { web, asked } = access({ ok: true, text: "", sources: [], searches: 0 });
    const result = await search(web, { query: "x y", allowed_domains: ["a.io"], blocked_domains: ["b.io"] });
    expect(result.isError).toBe(true);
    expect(asked).toHaveLength(0);
  });
});
