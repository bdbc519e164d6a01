// Builds the engine: loads the bash grammar once (async), then every decision is synchronous.
import { allIssues, analyseShell, programsKnown, programsOf } from "../shell/analyse.js";
import { describeShell } from "../shell/describe.js";
import { loadBashParser, type ParserOptions } from "../shell/parser.js";
import type { CommandDescription, Decision, PermissionContext, SafetyCheck, ToolRequest } from "../types.js";
import { decide } from "./decide.js";
import { suggestRulesFor } from "./suggest.js";

export interface CommandInspection {
  /** Every program the command may run (wrappers, nested and inline commands included). */
  programs: string[];
  /** True when the analyser fully understood the command (no safety issue). */
  understood: boolean;
  issues: { check: SafetyCheck; detail: string }[];
}

export interface PermissionEngine {
  /** Synchronous and total: always returns a decision, never throws. */
  decide(request: ToolRequest, ctx: PermissionContext): Decision;
  /** Rule texts to persist when the user answers "always allow"; empty when it must be once. */
  suggestRulesFor(request: ToolRequest, decision: Decision): string[];
  describeCommand(command: string): CommandDescription;
  inspectCommand(command: string): CommandInspection;
}

export async function createPermissionEngine(options: ParserOptions = {}): Promise<PermissionEngine> {
  const parser = await loadBashParser(options);
  return {
    decide: (request, ctx) => decide(request, ctx, parser),
    suggestRulesFor,
    describeCommand: (command) => describeShell(analyseShell(parser, command)),
    inspectCommand(command) {
      try {
        const a = analyseShell(parser, command);
        const issues = allIssues(a);
        return { programs: programsOf(a), understood: issues.length === 0 && programsKnown(a), issues };
      } catch (err) {
        return {
          programs: [],
          understood: false,
          issues: [{ check: "internal-error", detail: String(err) }],
        };
      }
    },
  };
}
