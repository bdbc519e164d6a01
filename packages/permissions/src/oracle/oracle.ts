// The differential oracle: for every command bash really ran, each program it started must be in
// the analyser's program list, or the engine must have refused to allow the command (ask/deny),
// even under a rule set that allows every shell command.
import { compileRules } from "../rules/compile.js";
import type { PermissionEngine } from "../engine/create.js";
import type { PermissionContext } from "../types.js";

export interface OracleFailure {
  command: string;
  executed: string[];
  programs: string[];
  behavior: string;
}

export interface OracleReport {
  total: number;
  understood: number;
  allowedUnderBashStar: number;
  ran: number;
  failures: OracleFailure[];
}

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

export function checkOracle(
  engine: PermissionEngine,
  commands: string[],
  executed: string[][],
  shims: string,
  cwd: string,
): OracleReport {
  const rules = compileRules([{ text: "Bash(*)", list: "allow", source: { kind: "user" } }]);
  const ctx: PermissionContext = {
    cwd,
    workingDirectories: [cwd],
    homeDir: cwd,
    mode: "default",
    rules,
    resolvePath: (p) => p,
    platform: "linux",
  };
  const report: OracleReport = {
    total: commands.length,
    understood: 0,
    allowedUnderBashStar: 0,
    ran: 0,
    failures: [],
  };
  commands.forEach((raw, i) => {
    const command = raw.replaceAll("@SHIMS@", shims);
    const ran = executed[i] ?? [];
    if (ran.length > 0) report.ran++;
    const inspection = engine.inspectCommand(command);
    const decision = engine.decide({ tool: "Bash", input: { command } }, ctx);
    if (inspection.understood) report.understood++;
    if (decision.behavior === "allow") report.allowedUnderBashStar++;
    const listed = new Set([...inspection.programs, ...(decision.description?.programs ?? [])].map(base));
    const missing = ran.filter((p) => !listed.has(p));
    const trusted = inspection.understood || decision.behavior === "allow";
    if (trusted && missing.length > 0) {
      report.failures.push({ command, executed: ran, programs: [...listed], behavior: decision.behavior });
    }
  });
  return report;
}
