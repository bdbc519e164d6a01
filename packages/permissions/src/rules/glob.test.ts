import { describe, expect, it } from "vitest";
import { compileBashGlob, DYNAMIC, globMatches, globPrefixViable } from "./glob.js";
import { normalizeBashPattern } from "./parse.js";

const g = (rule: string) => compileBashGlob(normalizeBashPattern(rule));

describe("Bash glob semantics (2026)", () => {
  it.each([
    ["ls *", "ls -la", true],
    ["ls *", "ls", true],
    ["ls *", "lsof", false],
    ["ls*", "lsof", true],
    ["ls*", "ls -la", true],
    ["npm run test:*", "npm run test", true],
    ["npm run test:*", "npm run test -- --watch", true],
    ["npm run test:*", "npm run test:unit", false],
    ["npm run test:*", "npm run testing", false],
    ["npm run build", "npm run build", true],
    ["npm run build", "npm run build --prod", false],
    ["npm run build", "npm run buil", false],
    ["git * main", "git push origin main", true],
    ["git * main", "git push origin main2", false],
    ["* --version", "node --version", true],
    ["* --version", "node --version x", false],
    ["a:b", "a:b", true],
    ["*", "anything at all", true],
    ["rm -rf *", "rm -rf /", true],
    ["rm -rf *", "rm -r -f /", false],
  ])("%s vs %j → %s", (rule, command, expected) => {
    expect(globMatches(g(rule), command)).toBe(expected);
  });

  it("a dynamic word is matched only by *", () => {
    expect(globMatches(g("echo *"), `echo ${DYNAMIC}`)).toBe(true);
    expect(globMatches(g("echo hi"), `echo ${DYNAMIC}`)).toBe(false);
    expect(globMatches(g("echo h*"), `echo ${DYNAMIC}`)).toBe(false);
  });

  it("prefix viability finds rules a dynamic word could still satisfy", () => {
    expect(globPrefixViable(g("git push --force *"), "git push ")).toBe(true);
    expect(globPrefixViable(g("git push --force *"), "git pull ")).toBe(false);
    expect(globPrefixViable(g("rm"), "r")).toBe(true);
    expect(globPrefixViable(g("rm"), "rm x")).toBe(false);
  });
});
