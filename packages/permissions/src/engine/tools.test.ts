import { beforeAll, describe, expect, it } from "vitest";
import { ctx, engine, makeProject, type Project, tool } from "../testing/fixtures.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

const fetch = (c: ReturnType<typeof ctx>, url: unknown) => tool(c, "WebFetch", { url, prompt: "summarise" });

describe("WebFetch", () => {
  it("asks by default and suggests a domain rule", async () => {
    const e = await engine();
    const req = { tool: "WebFetch", input: { url: "https://Docs.Example.com./guide" } };
    const d = e.decide(req, ctx(p));
    expect(d.behavior).toBe("ask");
    expect(e.suggestRulesFor(req, d)).toEqual(["WebFetch(domain:docs.example.com)"]);
  });

  it("domain rules: exact, case-insensitive, trailing dot, *. subdomains (not apex), single-label *", async () => {
    const c = ctx(p, {
      allow: ["WebFetch(domain:example.com)", "WebFetch(domain:*.github.io)", "WebFetch(domain:api.*.dev)"],
    });
    expect((await fetch(c, "https://EXAMPLE.com./x")).behavior).toBe("allow");
    expect((await fetch(c, "http://example.com:8080/x")).behavior).toBe("allow");
    expect((await fetch(c, "https://sub.example.com/")).behavior).toBe("ask");
    expect((await fetch(c, "https://a.b.github.io/")).behavior).toBe("allow");
    expect((await fetch(c, "https://github.io/")).behavior).toBe("ask");
    expect((await fetch(c, "https://api.foo.dev/")).behavior).toBe("allow");
    expect((await fetch(c, "https://api.a.b.dev/")).behavior).toBe("ask");
    expect((await fetch(c, "https://example.com.evil.io/")).behavior).toBe("ask");
    expect((await fetch(c, "https://evil.io/?u=https://example.com")).behavior).toBe("ask");
    expect((await fetch(c, "https://example.com@evil.io/")).behavior).toBe("ask");
  });

  it("deny and ask win; non-http schemes and bad URLs ask", async () => {
    const c = ctx(p, {
      deny: ["WebFetch(domain:*.evil.io)"],
      ask: ["WebFetch(domain:slow.io)"],
      allow: ["WebFetch"],
    });
    expect((await fetch(c, "https://x.evil.io/")).behavior).toBe("deny");
    expect((await fetch(c, "https://slow.io/")).behavior).toBe("ask");
    expect((await fetch(c, "https://fine.io/")).behavior).toBe("allow");
    for (const u of [
      "file:///etc/passwd",
      "ftp://x.io/",
      "javascript:alert(1)",
      "not a url",
      42,
      "data:text/plain,hi",
    ]) {
      const d = await fetch(c, u);
      expect(d.behavior, String(u)).toBe("ask");
      expect(d.suggestions ?? [], String(u)).toEqual([]);
    }
  });

  it("IP literals, localhost and internal names need a rule naming them", async () => {
    const c = ctx(p, { allow: ["WebFetch", "WebFetch(domain:*.internal)"] });
    for (const u of [
      "http://127.0.0.1/",
      "http://2130706433/",
      "http://[::1]/",
      "http://localhost:3000/",
      "http://intranet/",
      "http://169.254.169.254/latest",
      "http://db.internal/",
    ]) {
      expect((await fetch(c, u)).behavior, u).toBe("ask");
    }
    expect(
      (await fetch(ctx(p, { allow: ["WebFetch(domain:localhost)"] }), "http://localhost:3000/")).behavior,
    ).toBe("allow");
  });
});

describe("MCP tools", () => {
  it("ask unless allowed; server, tool and prefix rules", async () => {
    const c = ctx(p, { allow: ["mcp__github", "mcp__jira__get_issue", "mcp__db__read_*"] });
    expect((await tool(c, "mcp__github__create_issue", {})).behavior).toBe("allow");
    expect((await tool(c, "mcp__jira__get_issue", {})).behavior).toBe("allow");
    expect((await tool(c, "mcp__jira__delete_issue", {})).behavior).toBe("ask");
    expect((await tool(c, "mcp__db__read_rows", {})).behavior).toBe("allow");
    expect((await tool(c, "mcp__db__write_rows", {})).behavior).toBe("ask");
    expect((await tool(c, "mcp__githubx__x", {})).behavior).toBe("ask");
    expect((await tool(ctx(p), "mcp__x__y", {})).suggestions).toEqual(["mcp__x__y"]);
  });

  it("deny/ask accept tool-name globs", async () => {
    expect(
      (await tool(ctx(p, { deny: ["mcp__*"], allow: ["mcp__github"] }), "mcp__github__x", {})).behavior,
    ).toBe("deny");
    expect(
      (
        await tool(
          ctx(p, { ask: ["mcp__github__delete_*"], allow: ["mcp__github"] }),
          "mcp__github__delete_repo",
          {},
        )
      ).behavior,
    ).toBe("ask");
    expect((await tool(ctx(p, { deny: ["*"] }), "Read", { file_path: "README.md" })).behavior).toBe("deny");
  });

  it("plan denies, bypass allows, dontAsk denies", async () => {
    expect((await tool(ctx(p, {}, "plan"), "mcp__x__y", {})).behavior).toBe("deny");
    expect((await tool(ctx(p, {}, "bypassPermissions"), "mcp__x__y", {})).behavior).toBe("allow");
    expect((await tool(ctx(p, {}, "dontAsk"), "mcp__x__y", {})).behavior).toBe("deny");
  });
});

describe("other tools", () => {
  it("session-only tools are allowed, interactive ones ask, unknown ones ask", async () => {
    expect((await tool(ctx(p), "TodoWrite", { todos: [] })).behavior).toBe("allow");
    expect((await tool(ctx(p), "Task", { prompt: "x" })).behavior).toBe("allow");
    expect((await tool(ctx(p), "ExitPlanMode", { plan: "x" })).behavior).toBe("ask");
    expect((await tool(ctx(p), "FrobnicateTool", {})).reason).toMatchObject({
      kind: "safety",
      check: "unknown-tool",
    });
    expect((await tool(ctx(p, { deny: ["TodoWrite"] }), "TodoWrite", {})).behavior).toBe("deny");
    expect((await tool(ctx(p), "WebSearch", { query: "x" })).behavior).toBe("ask");
    expect((await tool(ctx(p, { allow: ["WebSearch"] }), "WebSearch", { query: "x" })).behavior).toBe(
      "allow",
    );
  });

  it("Tool(param:value) deny/ask rules match top-level scalar params", async () => {
    const c = ctx(p, {
      deny: ["Bash(run_in_background:true)"],
      ask: ["Agent(model:opus)"],
      allow: ["Bash(*)"],
    });
    expect((await tool(c, "Bash", { command: "make", run_in_background: true })).behavior).toBe("deny");
    expect((await tool(c, "Bash", { command: "make", run_in_background: false })).behavior).toBe("allow");
    expect((await tool(c, "Task", { prompt: "x", model: "opus" })).behavior).toBe("ask");
    expect((await tool(c, "Agent", { prompt: "x", model: "sonnet" })).behavior).toBe("allow");
  });

  it("Agent(name) specifiers", async () => {
    expect(
      (await tool(ctx(p, { deny: ["Agent(Explore)"] }), "Task", { subagent_type: "Explore" })).behavior,
    ).toBe("deny");
    expect(
      (await tool(ctx(p, { deny: ["Agent(Explore)"] }), "Task", { subagent_type: "Plan" })).behavior,
    ).toBe("allow");
  });
});
