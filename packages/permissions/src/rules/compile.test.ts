import { beforeAll, describe, expect, it } from "vitest";
import { bash, ctx, engine, makeProject, type Project, rules, tool } from "../testing/fixtures.js";
import { compileRules } from "./compile.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

describe("compileRules", () => {
  it("reports malformed rules with their text and source", () => {
    const set = rules({ allow: ["Bash(npm", "mcp__*", "Write(/x/**)", "Bash(ok)"], deny: ["Read("] });
    expect(set.diagnostics.map((d) => [d.rule.text, d.severity])).toEqual([
      ["Read(", "error"],
      ["Bash(npm", "error"],
      ["mcp__*", "error"],
      ["Write(/x/**)", "warning"],
    ]);
    expect(set.diagnostics[0]?.rule.source.path).toBe("/home/u/.berth/settings.json");
    expect(set.diagnostics[0]?.message).toContain("every Read call is denied");
  });

  it("survives rule objects of the wrong shape", () => {
    const set = compileRules([
      { text: "Bash", list: "maybe", source: { kind: "user" } } as never,
      { text: 42, list: "deny", source: { kind: "user" } } as never,
      { text: "Read(/x)", list: "deny" } as never,
      { text: "constructor(x:y)", list: "deny", source: { kind: "cli" } },
    ]);
    expect(set.diagnostics.length).toBeGreaterThanOrEqual(2);
  });

  it("a malformed allow rule is ignored", async () => {
    expect((await bash(ctx(p, { allow: ["Bash(npm"] }), "npm test")).behavior).toBe("ask");
  });

  it("a malformed deny rule denies its whole tool; an unrecognisable one makes every tool ask", async () => {
    const d = await bash(ctx(p, { deny: ["Bash(rm -rf"], allow: ["Bash(*)"] }), "ls");
    expect(d.behavior).toBe("deny");
    expect(d.message).toContain("malformed");
    expect((await tool(ctx(p, { deny: ["Bash(rm -rf"] }), "Read", { file_path: "README.md" })).behavior).toBe(
      "allow",
    );
    const garbage = ctx(p, { deny: ["((("], allow: ["Read", "Bash(*)"] });
    expect((await tool(garbage, "Read", { file_path: "README.md" })).behavior).toBe("ask");
    expect((await bash(garbage, "ls")).behavior).toBe("ask");
    expect((await bash(ctx(p, { ask: ["WebFetch(x"] }), "ls")).behavior).toBe("allow");
    expect((await tool(ctx(p, { ask: ["WebFetch(x"] }), "WebFetch", { url: "https://x.io" })).behavior).toBe(
      "ask",
    );
  });

  it("Write/Glob path rules act as Edit/Read rules in deny and ask lists", async () => {
    expect(
      (await tool(ctx(p, { deny: ["Glob(/src/**)"] }), "Read", { file_path: "src/a.ts" })).behavior,
    ).toBe("deny");
    expect(
      (await tool(ctx(p, { ask: ["NotebookEdit(*.ipynb)"] }), "Write", { file_path: "a.ipynb" })).behavior,
    ).toBe("ask");
  });

  it("decides quickly with 1,000 rules loaded", async () => {
    const allow: string[] = [];
    const deny: string[] = [];
    for (let i = 0; i < 400; i++) allow.push(`Bash(tool${i} run *)`);
    for (let i = 0; i < 200; i++) deny.push(`Bash(danger${i} *)`);
    for (let i = 0; i < 200; i++) allow.push(`Edit(/pkg${i}/**)`);
    for (let i = 0; i < 100; i++) deny.push(`Read(**/secret${i}.txt)`);
    for (let i = 0; i < 100; i++) allow.push(`WebFetch(domain:site${i}.example.com)`);
    const c = ctx(p, { allow, deny });
    expect((await bash(c, "tool399 run x && tool1 run y")).behavior).toBe("allow");
    expect((await bash(c, "ls; danger150 now")).behavior).toBe("deny");
    expect((await tool(c, "Read", { file_path: "a/secret99.txt" })).behavior).toBe("deny");
    const e = await engine();
    const start = performance.now();
    for (let i = 0; i < 200; i++)
      e.decide({ tool: "Bash", input: { command: `tool${i} run --flag x | grep y && cat README.md` } }, c);
    expect((performance.now() - start) / 200).toBeLessThan(20);
  });
});
