// Test support: a real temporary project (so symlinks and resolvePath are exercised for real),
// a shared engine, and a context builder. Not exported from the package.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPermissionEngine, type PermissionEngine } from "../engine/create.js";
import { resolveRealPath } from "../node/resolve-path.js";
import { compileRules } from "../rules/compile.js";
import type { Decision, PermissionContext, PermissionMode, Rule, RuleList, RuleSource } from "../types.js";

let shared: Promise<PermissionEngine> | undefined;
export function engine(): Promise<PermissionEngine> {
  shared ??= createPermissionEngine();
  return shared;
}

export interface Project {
  root: string;
  home: string;
  project: string;
  outside: string;
}

/** home/ with project/ inside it, a sibling project-evil/, an outside/ dir and a few symlinks. */
export function makeProject(): Project {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "berth-perm-")));
  const home = join(root, "home");
  const project = join(home, "project");
  const outside = join(root, "outside");
  for (const d of [home, project, `${project}/src`, `${project}/.git`, `${home}/project-evil`, outside])
    mkdirSync(d, { recursive: true });
  writeFileSync(`${project}/README.md`, "hi");
  writeFileSync(`${project}/src/a.ts`, "x");
  writeFileSync(`${outside}/secret.txt`, "s");
  symlinkSync(outside, `${project}/link-out`);
  symlinkSync(`${project}/src`, `${project}/link-in`);
  symlinkSync(`${outside}/secret.txt`, `${project}/secret-link`);
  symlinkSync(`${outside}/not-there`, `${project}/dangling`);
  return { root, home, project, outside };
}

export function rules(
  spec: Partial<Record<RuleList, string[]>>,
  source: RuleSource = { kind: "user", path: "/home/u/.berth/settings.json" },
) {
  const list: Rule[] = [];
  for (const l of ["deny", "ask", "allow"] as const)
    for (const text of spec[l] ?? []) list.push({ text, list: l, source });
  return compileRules(list);
}

export function ctx(
  p: Project,
  spec: Partial<Record<RuleList, string[]>> = {},
  mode: PermissionMode = "default",
  extra: Partial<PermissionContext> = {},
): PermissionContext {
  return {
    cwd: p.project,
    workingDirectories: [p.project],
    homeDir: p.home,
    mode,
    rules: rules(spec, { kind: "project", path: `${p.project}/.claude/settings.json`, root: p.project }),
    resolvePath: resolveRealPath,
    platform: "linux",
    ...extra,
  };
}

export async function bash(c: PermissionContext, command: string): Promise<Decision> {
  return (await engine()).decide({ tool: "Bash", input: { command } }, c);
}

export async function tool(
  c: PermissionContext,
  name: string,
  input: Record<string, unknown>,
): Promise<Decision> {
  return (await engine()).decide({ tool: name, input }, c);
}
