import { mkdirSync, symlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeProject } from "../testing/fixtures.js";
import { resolveRealPath } from "./resolve-path.js";

describe("resolveRealPath", () => {
  const p = makeProject();
  it("follows symlinks, including dangling ones, and keeps missing tails", () => {
    expect(resolveRealPath(`${p.project}/link-out/secret.txt`)).toBe(`${p.outside}/secret.txt`);
    expect(resolveRealPath(`${p.project}/dangling`)).toBe(`${p.outside}/not-there`);
    expect(resolveRealPath(`${p.project}/new/dir/file`)).toBe(`${p.project}/new/dir/file`);
    expect(resolveRealPath(`${p.project}/link-out/new/../x`)).toBe(`${p.outside}/x`);
  });

  it("applies .. after resolving the link before it (as the kernel does)", () => {
    expect(resolveRealPath(`${p.project}/link-out/../home/project/README.md`)).toBe(`${p.project}/README.md`);
  });

  it("detects loops", () => {
    mkdirSync(`${p.root}/loop`);
    symlinkSync(`${p.root}/loop/b`, `${p.root}/loop/a`);
    symlinkSync(`${p.root}/loop/a`, `${p.root}/loop/b`);
    expect(() => resolveRealPath(`${p.root}/loop/a/x`)).toThrow(/symbolic links/);
    expect(() => resolveRealPath("relative")).toThrow();
  });
});
