// Decision latency with a realistic 1,000-rule set loaded. Pure: resolvePath is the identity, so
// the figures measure the engine (parsing, analysis, matching), not filesystem calls.
import { createPermissionEngine } from "../engine/create.js";
import { compileRules } from "../rules/compile.js";
import type { PermissionContext, Rule, RuleList, ToolRequest } from "../types.js";

export interface LatencyRow {
  scenario: string;
  behavior: string;
  medianUs: number;
  p99Us: number;
  meanUs: number;
}

export interface LatencyReport {
  rules: number;
  compileMs: number;
  iterations: number;
  rows: LatencyRow[];
}

export function thousandRules(): Rule[] {
  const out: Rule[] = [];
  const add = (list: RuleList, text: string) =>
    out.push({
      text,
      list,
      source: { kind: "project", path: "/work/p/.claude/settings.json", root: "/work/p" },
    });
  for (let i = 0; i < 400; i++) add("allow", `Bash(tool${i} run *)`);
  for (let i = 0; i < 150; i++) add("deny", `Bash(danger${i} *)`);
  for (let i = 0; i < 100; i++) add("ask", `Bash(careful${i}:*)`);
  for (let i = 0; i < 100; i++) add("allow", `Edit(/pkg${i}/**)`);
  for (let i = 0; i < 50; i++) add("deny", `Read(**/secret${i}.*)`);
  for (let i = 0; i < 100; i++) add("allow", `WebFetch(domain:site${i}.example.com)`);
  for (let i = 0; i < 50; i++) add("allow", `mcp__server${i}__read_*`);
  for (let i = 0; i < 46; i++) add("allow", `Bash(npm run script${i} *)`);
  add("allow", "Bash(npm run test *)");
  add("allow", "Bash(npm run build *)");
  add("allow", "Bash(tee *)");
  add("deny", "Bash(rm -rf *)");
  return out;
}

/** The checks added for real teams' rules: the program-option table, recursive reads against
 * Read deny rules, and (with the caller's I/O) the repository git config lookup and link counts.
 * Each `io` scenario also runs without the lookup, as a baseline measured in the same run. */
const NEW_CHECKS: [string, ToolRequest, { io?: boolean }][] = [
  [
    "option table: npm run test --script-shell (asks)",
    { tool: "Bash", input: { command: "npm run test --script-shell=/tmp/x.sh" } },
    {},
  ],
  ["option table: make test CC=gcc -j4", { tool: "Bash", input: { command: "make test CC=gcc -j4" } }, {}],
  [
    "recursive read: grep -rn token . (Read deny)",
    { tool: "Bash", input: { command: "grep -rn token ." } },
    {},
  ],
  ["git status, repo config looked up", { tool: "Bash", input: { command: "git status" } }, { io: true }],
  [
    "git log -p | head, repo config looked up",
    { tool: "Bash", input: { command: "git log -p | head -50" } },
    { io: true },
  ],
  ["Edit, link count looked up", { tool: "Edit", input: { file_path: "/work/p/pkg42/a.ts" } }, { io: true }],
];

const SCENARIOS: [string, ToolRequest][] = [
  ["single: npm run test -- --watch", { tool: "Bash", input: { command: "npm run test -- --watch" } }],
  ["single: git status (read-only)", { tool: "Bash", input: { command: "git status" } }],
  ["single: unknown command (asks)", { tool: "Bash", input: { command: "make deploy ENV=staging" } }],
  [
    "compound: 6 sub-commands + redirects",
    {
      tool: "Bash",
      input: {
        command:
          "cd src && npm run build 2>&1 | tee build.log && grep -c error build.log || echo failed; tool7 run x > /dev/null",
      },
    },
  ],
  [
    "compound: substitution (safety ask)",
    { tool: "Bash", input: { command: "echo $(curl -s https://x.io) && ls -la | wc -l" } },
  ],
  ["Read inside the project", { tool: "Read", input: { file_path: "/work/p/src/index.ts" } }],
  ["Edit matched by a path rule", { tool: "Edit", input: { file_path: "/work/p/pkg42/a.ts" } }],
  [
    "WebFetch matched by a domain rule",
    { tool: "WebFetch", input: { url: "https://site77.example.com/docs" } },
  ],
];

export type CallerIo = Pick<PermissionContext, "gitConfigHazard" | "linkCount">;

export async function runDecisionLatency(iterations = 2000, io?: CallerIo): Promise<LatencyReport> {
  const engine = await createPermissionEngine();
  const rules = thousandRules();
  const t0 = performance.now();
  const compiled = compileRules(rules);
  const compileMs = performance.now() - t0;
  const ctx: PermissionContext = {
    cwd: "/work/p",
    workingDirectories: ["/work/p"],
    homeDir: "/home/u",
    mode: "default",
    rules: compiled,
    resolvePath: (p) => p,
    platform: "linux",
  };
  const rows: LatencyRow[] = [];
  const runs: [string, ToolRequest, PermissionContext][] = SCENARIOS.map(([s, r]) => [s, r, ctx]);
  for (const [scenario, request, opts] of NEW_CHECKS) {
    if (!opts.io) runs.push([scenario, request, ctx]);
    else if (io) runs.push([`${scenario} — without`, request, ctx], [scenario, request, { ...ctx, ...io }]);
  }
  for (const [scenario, request, ctx] of runs) {
    for (let i = 0; i < 200; i++) engine.decide(request, ctx);
    const samples: number[] = [];
    let behavior = "";
    for (let i = 0; i < iterations; i++) {
      const s = performance.now();
      behavior = engine.decide(request, ctx).behavior;
      samples.push((performance.now() - s) * 1000);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
    rows.push({
      scenario,
      behavior,
      medianUs: at(0.5),
      p99Us: at(0.99),
      meanUs: samples.reduce((a, b) => a + b, 0) / samples.length,
    });
  }
  return { rules: rules.length, compileMs, iterations, rows };
}

export function formatLatency(r: LatencyReport): string {
  const lines = [
    `permissions: ${r.rules} rules compiled in ${r.compileMs.toFixed(1)} ms; ${r.iterations} decisions per scenario`,
    `${"scenario".padEnd(52)} ${"decision".padEnd(8)} ${"median".padStart(10)} ${"p99".padStart(10)} ${"mean".padStart(10)}`,
  ];
  for (const row of r.rows) {
    const us = (n: number) => `${n.toFixed(1)} µs`.padStart(10);
    lines.push(
      `${row.scenario.padEnd(52)} ${row.behavior.padEnd(8)} ${us(row.medianUs)} ${us(row.p99Us)} ${us(row.meanUs)}`,
    );
  }
  return lines.join("\n");
}
