import { symlinkSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { bash, ctx, engine, makeProject, type Project } from "../testing/fixtures.js";
import { analyseShell } from "./analyse.js";
import { analyseShellCached } from "./analysis-cache.js";
import { loadBashParser } from "./parser.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

describe("analysis cache", () => {
  it("gives the same analysis as analysing afresh, frozen, once per command and home", async () => {
    const parser = await loadBashParser();
    const command = "cd sub && ls -la | grep x > out.txt; bash -c 'rm -rf ~/y'";
    const first = analyseShellCached(parser, command, "/home/u");
    expect(first).toEqual(analyseShell(parser, command, 0, "/home/u"));
    expect(analyseShellCached(parser, command, "/home/u")).toBe(first);
    expect(analyseShellCached(parser, command, "/home/other")).not.toBe(first);
    expect(Object.isFrozen(first.commands[0])).toBe(true);
    expect(() => (first.commands as unknown[]).push({})).toThrow();
  });

  it("leaves the decision fresh: rules, mode and links still count for a repeated command", async () => {
    // Reading a project file is allowed by default; a deny rule still refuses the same text.
    expect((await bash(ctx(p), "cat notes.txt")).behavior).toBe("allow");
    expect((await bash(ctx(p, { deny: ["Bash(cat *)"] }), "cat notes.txt")).behavior).toBe("deny");
    // The same text, now naming a file outside the project through a new link.
    symlinkSync(`${p.outside}/secret.txt`, `${p.project}/notes.txt`);
    expect((await bash(ctx(p), "cat notes.txt")).behavior).toBe("ask");
  });
});
