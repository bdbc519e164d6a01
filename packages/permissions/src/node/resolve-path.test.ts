import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeProject } from "../testing/fixtures.js";
import { decisionResolver, resolveRealPath } from "./resolve-path.js";

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

  it("a decision's resolver gives the same answers, and a new decision sees changed links", () => {
    mkdirSync(`${p.root}/swap`);
    symlinkSync(p.outside, `${p.root}/swap/here`);
    const paths = [
      `${p.project}/link-out/secret.txt`,
      `${p.project}/dangling`,
      `${p.project}/new/dir/file`,
      `${p.project}/link-out/new/../x`,
      `${p.project}/link-out/../home/project/README.md`,
      `${p.root}/swap/here/secret.txt`,
      `${p.root}/swap/here/missing/deeper`,
    ];
    const decision = decisionResolver();
    for (const path of paths) {
      expect(decision(path)).toBe(resolveRealPath(path));
      expect(decision(path)).toBe(resolveRealPath(path)); // remembered, same answer
    }
    expect(() => decision(`${p.root}/loop/a/x`)).toThrow(/symbolic links/);
    expect(() => decision(`${p.root}/loop/a/x`)).toThrow(/symbolic links/);
    // The link now points into the project: the old decision keeps its answer, a new one does not.
    rmSync(`${p.root}/swap/here`);
    symlinkSync(p.project, `${p.root}/swap/here`);
    expect(decision(`${p.root}/swap/here/secret.txt`)).toBe(`${p.outside}/secret.txt`);
    expect(decisionResolver()(`${p.root}/swap/here/secret.txt`)).toBe(`${p.project}/secret.txt`);
  });
});
