// WebSearch: the provider's server-side web search tool (web_search_20250305), run by the daemon
// in a request of its own. Where the provider has none (Bedrock, Vertex, a gateway that refuses
// it), the model is told plainly that search is unavailable rather than getting an empty list.
import { z } from "zod";
import { defineTool, errorResult } from "../define.js";

const domainList = z.array(z.string().min(1)).optional();

const schema = z
  .object({
    query: z.string().min(2).describe("The search query"),
    allowed_domains: domainList.describe("Only include results from these domains"),
    blocked_domains: domainList.describe("Never include results from these domains"),
  })
  .refine((v) => !(v.allowed_domains?.length && v.blocked_domains?.length), {
    message: "give allowed_domains or blocked_domains, not both",
  });

export const webSearchTool = defineTool({
  name: "WebSearch",
  // Nothing local changes, but the query leaves the machine.
  readOnly: false,
  schema,
  description: `Searches the web and returns a summary of the results with their sources.
- Use it for information newer than your training data or that you need to verify.
- allowed_domains / blocked_domains restrict where results come from (one or the other).
- Cite the sources (title and URL) you rely on in your answer.`,
  async run(input, ctx) {
    const search = ctx.web?.search;
    if (!search)
      return errorResult(
        "WebSearch is unavailable in this session: the model provider offers no web search.",
      );
    const outcome = await search(
      {
        query: input.query,
        ...(input.allowed_domains?.length ? { allowedDomains: input.allowed_domains } : {}),
        ...(input.blocked_domains?.length ? { blockedDomains: input.blocked_domains } : {}),
      },
      ctx.signal,
    );
    if (!outcome.ok) return errorResult(`WebSearch is unavailable: ${outcome.unavailable}`);
    const links = outcome.sources.map((s) => `- [${s.title || s.url}](${s.url})`).join("\n");
    return {
      content: `Web search results for "${input.query}":\n\n${outcome.text.trim() || "(no summary)"}\n\nSources:\n${links || "(none)"}`,
      display: { query: input.query, sources: outcome.sources.length, searches: outcome.searches },
    };
  },
});
