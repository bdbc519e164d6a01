import { describe, expect, it } from "vitest";
import { WILDCARD } from "./glob.js";
import { normalizeBashPattern, parseRule } from "./parse.js";

const W = WILDCARD;

describe("parseRule", () => {
  it.each([
    ["Bash", { type: "tool", tool: "Bash" }],
    ["Bash(*)", { type: "tool", tool: "Bash" }],
    ["  Read  ", { type: "tool", tool: "Read" }],
    ["Task", { type: "tool", tool: "Agent" }],
    ["Agent(Explore)", { type: "specifier", tool: "Agent", specifier: "Explore" }],
    ["mcp__github", { type: "tool", tool: "mcp__github" }],
    ["mcp__github__get_issue", { type: "tool", tool: "mcp__github__get_issue" }],
    ["WebFetch(domain:*)", { type: "tool", tool: "WebFetch" }],
    ["WebFetch(domain:Example.COM.)", { type: "domain", domain: "example.com" }],
    ["WebFetch(domain:*.example.com)", { type: "domain", domain: "*.example.com" }],
    ["WebFetch(https://docs.x.io/a)", { type: "domain", domain: "docs.x.io" }],
    ["Read(./.env)", { type: "path", tool: "Read", family: "read", pattern: "./.env" }],
    ["Edit(//etc/**)", { type: "path", tool: "Edit", family: "edit", pattern: "//etc/**" }],
    ["Write(/src/**)", { type: "path", tool: "Write", family: "edit", pattern: "/src/**" }],
    ["Grep(~/secrets/*)", { type: "path", tool: "Grep", family: "read", pattern: "~/secrets/*" }],
  ])("%s", (text, expected) => {
    expect(parseRule(text)).toEqual(expected);
  });

  it.each([
    ["Bash(npm run test:*)", `npm run test ${W}`],
    ["Bash(npm run test *)", `npm run test ${W}`],
    ["Bash(npm run build)", "npm run build"],
    ["Bash(git * main)", `git ${W} main`],
    ["Bash(* --version)", `${W} --version`],
    ["Bash(ls*)", `ls${W}`],
    ['Bash(git commit -m "wip")', "git commit -m wip"],
    ["Bash(git commit -m 'a b')", "git commit -m 'a b'"],
    ['Bash(echo "*")', "echo '*'"],
    ["Bash(a:b:c)", "a:b:c"],
    ["Bash(  npm    test  )", "npm test"],
  ])("Bash pattern %s", (text, pattern) => {
    expect(parseRule(text, "allow")).toMatchObject({ type: "bash", pattern });
  });

  it("reads Tool(param:value) in deny/ask only", () => {
    expect(parseRule("Bash(run_in_background:true)", "deny")).toMatchObject({
      type: "param",
      param: "run_in_background",
      value: "true",
    });
    expect(parseRule("Agent(model:opus)", "ask")).toEqual({
      type: "param",
      tool: "Agent",
      param: "model",
      value: "opus",
    });
    expect(parseRule("Agent(model:opus)", "allow")).toHaveProperty("error");
    // In allow lists the legacy prefix reading is the only valid one.
    expect(parseRule("Bash(timeout:*)", "allow")).toMatchObject({
      type: "bash",
      pattern: `timeout ${W}`,
      raw: "timeout:*",
    });
    // Primary content fields are not params.
    expect(parseRule("Bash(command:rm)", "deny")).toMatchObject({ type: "bash", pattern: "command:rm" });
  });

  it("tool-name globs: anywhere in deny/ask, only after mcp__server__ in allow", () => {
    expect(parseRule("*", "deny")).toEqual({ type: "tool-glob", pattern: "*" });
    expect(parseRule("mcp__*", "ask")).toEqual({ type: "tool-glob", pattern: "mcp__*" });
    expect(parseRule("mcp__github__get_*", "allow")).toEqual({
      type: "tool-glob",
      pattern: "mcp__github__get_*",
    });
    expect(parseRule("mcp__*", "allow")).toHaveProperty("error");
    expect(parseRule("*", "allow")).toHaveProperty("error");
    expect(parseRule("Ba*", "allow")).toHaveProperty("error");
  });

  it.each([
    "",
    "   ",
    "Bash(",
    "Bash(npm",
    "Bash)",
    "Bash()",
    "Read()",
    "Ba sh",
    "Bash(x)y",
    "WebFetch(example.com)",
    "WebFetch(domain:)",
    "mcp__x__y(z)",
    "Bash(a\u0000b)",
    "Bash(a\nb)",
    "(x)",
  ])("rejects %j", (text) => {
    expect(parseRule(text)).toHaveProperty("error");
  });

  it("normalises quoting the way commands are rendered", () => {
    expect(normalizeBashPattern('echo "hello world"')).toBe("echo 'hello world'");
    expect(normalizeBashPattern("rm -rf ./build/*")).toBe(`rm -rf ./build/${W}`);
    expect(normalizeBashPattern('grep "a b"*')).toBe(`grep 'a b${W}'`);
    expect(normalizeBashPattern("echo 'unbalanced")).toBe("echo 'unbalanced");
  });
});
