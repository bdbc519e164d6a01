import { describe, expect, it } from "vitest";
import { parsePathPattern, pathPatternMatches } from "./match-path.js";

const env = { cwd: "/work/proj", home: "/home/u", caseInsensitive: false };

function m(
  pattern: string,
  path: string,
  list: "allow" | "deny" = "deny",
  root = "/work/proj",
  e = env,
): boolean {
  const p = parsePathPattern(pattern, list, root);
  if ("error" in p) throw new Error(p.error);
  return pathPatternMatches(p, path, e);
}

describe("gitignore-style path rules", () => {
  it.each([
    ["//etc/passwd", "/etc/passwd", true],
    ["//etc/**", "/etc/ssh/sshd_config", true],
    ["//etc", "/etc/hosts", true],
    ["//etc/*", "/etc/ssh/x", true],
    ["//etc/*.conf", "/etc/a/b.conf", false],
    ["~/.ssh/**", "/home/u/.ssh/id_rsa", true],
    ["~/Documents/*.pdf", "/home/u/Documents/a.pdf", true],
    ["~/Documents/*.pdf", "/home/u/Documents/x/a.pdf", false],
    ["/src/**/*.ts", "/work/proj/src/a/b.ts", true],
    ["/src/**/*.ts", "/work/proj/src/b.ts", true],
    ["/src/**/*.ts", "/elsewhere/src/b.ts", false],
    ["./secrets/*", "/work/proj/secrets/k", true],
    ["../sibling/*", "/work/sibling/x", true],
    [".env", "/work/proj/a/b/.env", true],
    [".env", "/anywhere/.env", true],
    [".env", "/work/proj/.envrc", false],
    ["*.key", "/x/y/z.key", true],
    ["src/**", "/other/src/deep/file", true],
    ["secret?.txt", "/a/secret1.txt", true],
    ["[ab].txt", "/a/b.txt", true],
    ["file\\*.txt", "/a/file*.txt", true],
    ["file\\*.txt", "/a/filex.txt", false],
    ["%2e%2e/x", "/work/proj/%2e%2e/x", true],
  ])("deny %s matches %s: %s", (pattern, path, expected) => {
    expect(m(pattern, path)).toBe(expected);
  });

  it("allow rules anchor relative patterns at the working directory", () => {
    expect(m("src/**", "/work/proj/src/x", "allow")).toBe(true);
    expect(m("src/**", "/other/src/x", "allow")).toBe(false);
    expect(m(".env", "/work/proj/a/.env", "allow")).toBe(true);
    expect(m(".env", "/other/.env", "allow")).toBe(false);
  });

  it("/path anchors resolve against the settings root; without one, allow is an error and deny matches anywhere", () => {
    expect(m("/x", "/settings-root/x", "deny", "/settings-root")).toBe(true);
    expect(parsePathPattern("/x", "allow", undefined)).toHaveProperty("error");
    const p = parsePathPattern("/x/y", "deny", undefined);
    expect(!("error" in p) && pathPatternMatches(p, "/any/where/x/y", env)).toBe(true);
  });

  it("case-insensitive matching for deny on macOS", () => {
    expect(m("//Users/a/.ENV", "/users/A/.env", "deny", "/", { ...env, caseInsensitive: true })).toBe(true);
    expect(m("//Users/a/.ENV", "/users/A/.env", "deny", "/", env)).toBe(false);
  });

  it("Windows drive paths are normalised", () => {
    expect(m("C:\\Users\\x\\**", "/c/Users/x/y")).toBe(true);
  });

  it("rejects ~user and NUL", () => {
    expect(parsePathPattern("~bob/x", "deny")).toHaveProperty("error");
    expect(parsePathPattern("a\u0000b", "deny")).toHaveProperty("error");
  });
});

describe("pattern matching cost", () => {
  it("stays fast on long adversarial paths", () => {
    const path = `/${"a/".repeat(2000)}x`;
    const start = performance.now();
    for (const pattern of ["**/secret*.*", "**/**/x/**/y", "//a/**/b*/**/c", ".env"]) {
      const p = parsePathPattern(pattern, "deny");
      if ("error" in p) throw new Error(p.error);
      pathPatternMatches(p, path, env);
    }
    expect(performance.now() - start).toBeLessThan(200);
  });
});
