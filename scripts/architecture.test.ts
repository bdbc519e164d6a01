// Holds the architecture of design.md in place: dependencies point one way, the protocol and the
// permission engine import nothing of ours, thin clients stay thin, and no package reaches into
// another's internals.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Pkg {
  name: string;
  dir: string;
  deps: string[];
  exports: string[];
}

function workspacePackages(): Pkg[] {
  const out: Pkg[] = [];
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(root, group))) {
      const dir = join(root, group, entry);
      let manifest: Record<string, unknown>;
      try {
        manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      } catch {
        continue;
      }
      const all = { ...(manifest.dependencies as object), ...(manifest.devDependencies as object) };
      out.push({
        name: manifest.name as string,
        dir,
        deps: Object.keys(all).filter((d) => d.startsWith("@berth/")),
        exports: Object.keys((manifest.exports as object) ?? {}),
      });
    }
  }
  return out;
}

/** Which of our packages each package may use at run time (dev-only test helpers aside). */
const ALLOWED: Record<string, string[]> = {
  "@berth/protocol": [],
  "@berth/permissions": [],
  "@berth/testkit": [],
  "@berth/client": ["@berth/protocol"],
  "@berth/config": ["@berth/protocol"],
  "@berth/store": ["@berth/protocol"],
  "@berth/providers": ["@berth/protocol"],
  "@berth/tools": ["@berth/protocol"],
  "@berth/mcp": ["@berth/protocol"],
  "@berth/telemetry": ["@berth/protocol"],
  "@berth/context": ["@berth/protocol"],
  "@berth/agent": [
    "@berth/protocol",
    "@berth/tools",
    "@berth/permissions",
    "@berth/providers",
    "@berth/config",
    "@berth/store",
    "@berth/telemetry",
    "@berth/context",
  ],
  // The CLI is a thin client: it talks to the daemon through the client library only.
  "@berth/cli": ["@berth/protocol", "@berth/client"],
  // The editor extension is a thin client too: the client library and the protocol only.
  "@berth/vscode": ["@berth/protocol", "@berth/client"],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "dist") continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts)$/.test(entry)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] as string);
}

const pkgs = workspacePackages();
const byName = new Map(pkgs.map((p) => [p.name, p]));

describe("architecture", () => {
  it("knows every workspace package", () => {
    expect(pkgs.length).toBeGreaterThanOrEqual(12);
  });

  it("lets runtime code import only the packages design.md allows", () => {
    const problems: string[] = [];
    for (const pkg of pkgs) {
      const allowed = ALLOWED[pkg.name];
      if (!allowed) continue;
      for (const file of sourceFiles(join(pkg.dir, "src"))) {
        if (/\.test\.ts$|[/\\](testing|test-support)([/\\.])/.test(file)) continue;
        for (const spec of importsOf(file)) {
          const target = spec.match(/^@berth\/[^/]+/)?.[0];
          if (target && target !== pkg.name && !allowed.includes(target)) {
            problems.push(`${relative(root, file)} imports ${spec}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("has no dependency cycles between packages", () => {
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (path.includes(name)) {
        cycles.push([...path.slice(path.indexOf(name)), name].join(" -> "));
        return;
      }
      for (const dep of byName.get(name)?.deps ?? []) visit(dep, [...path, name]);
    };
    for (const pkg of pkgs) visit(pkg.name, []);
    expect([...new Set(cycles)]).toEqual([]);
  });

  it("never reaches into another package's files", () => {
    const problems: string[] = [];
    for (const pkg of pkgs) {
      for (const file of sourceFiles(pkg.dir)) {
        for (const spec of importsOf(file)) {
          const deep = spec.match(/^(@berth\/[^/]+)(\/.+)$/);
          if (deep) {
            const target = byName.get(deep[1] as string);
            if (!target?.exports.includes(`.${deep[2]}`))
              problems.push(`${relative(root, file)} imports ${spec}`);
          }
          if (spec.startsWith(".") && relative(pkg.dir, join(dirname(file), spec)).startsWith("..")) {
            problems.push(`${relative(root, file)} imports ${spec} outside its package`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("declares every package it imports", () => {
    const problems: string[] = [];
    for (const pkg of pkgs) {
      for (const file of sourceFiles(pkg.dir)) {
        for (const spec of importsOf(file)) {
          const target = spec.match(/^@berth\/[^/]+/)?.[0];
          if (target && target !== pkg.name && !pkg.deps.includes(target)) {
            problems.push(`${relative(root, file)} imports undeclared ${target}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
