import { homedir } from "node:os";
import { hookMaySkipPrompt } from "../context/hook-permission";
import type { SettingsResult } from "@berth/config";
import {
  type CompiledRuleSet,
  compileRules,
  type Decision,
  type DecisionReason,
  guardSecretStores,
  type PermissionEngine,
  type PermissionMode,
  type Rule,
} from "@berth/permissions";
import type { PolicyVerdict } from "../sessions/gate";
import { decisionResolver } from "@berth/permissions/node";
import { secretStorePaths } from "../secrets/secret-stores";
import { GitConfigHazards } from "./git-config-hazards";
import { linkCount } from "./link-count";

/** Tools whose "always allow" answers are saved as visible rules in .claude/settings.local.json. */
const PERSISTED_TOOLS = new Set(["Bash", "WebFetch", "WebSearch"]);

export interface PolicyState {
  cwd: string;
  workingDirectories: string[];
  mode: PermissionMode;
}

function reasonText(reason: DecisionReason): { rule?: string; source?: string } {
  return reason.kind === "rule" ? { rule: reason.rule, source: reason.source } : {};
}

/**
 * One session's permission policy: the pure engine plus this session's rules (from the
 * settings layers, recompiled when the files change, and "allow for this session" answers).
 */
export class SessionPolicy {
  private compiled: CompiledRuleSet;
  private fileRules: Rule[];
  private readonly sessionRules: Rule[] = [];
  private readonly gitConfig = new GitConfigHazards();

  constructor(
    private readonly engine: PermissionEngine,
    private readonly state: PolicyState,
    settings: SettingsResult,
    /** Saves an "allow always" rule for the project; returns the file, or undefined when refused. */
    private readonly persistRule: (rule: string) => string | undefined,
  ) {
    this.fileRules = rulesFrom(settings);
    this.compiled = compileRules(this.fileRules);
  }

  get mode(): PermissionMode {
    return this.state.mode;
  }

  setMode(mode: PermissionMode): void {
    this.state.mode = mode;
  }

  /** New settings from a file change: takes effect for the next tool call. */
  updateSettings(settings: SettingsResult): void {
    this.fileRules = rulesFrom(settings);
    this.recompile();
  }

  decide(tool: string, input: unknown): PolicyVerdict & { decision: Decision } {
    const request = { tool, input: (input ?? {}) as Record<string, unknown> };
    // One resolver per decision: the engine, the guard and the store list resolve the same
    // paths, and each answer must be fresh for this decision (never reused for the next).
    const resolvePath = decisionResolver();
    const homeDir = homedir();
    const ctx = {
      cwd: this.state.cwd,
      workingDirectories: this.state.workingDirectories,
      homeDir,
      mode: this.state.mode,
      rules: this.compiled,
      resolvePath,
      platform: process.platform,
      gitConfigHazard: (dir: string) => this.gitConfig.lookup(dir),
      linkCount,
    };
    // Credential stores are off-limits whatever the rules and mode say (secrets/secret-stores.ts).
    const decision = guardSecretStores({
      request,
      decision: this.engine.decide(request, ctx),
      ctx,
      stores: secretStorePaths(homeDir, resolvePath),
    });
    return {
      decision,
      behavior: decision.behavior,
      reason: decision.message,
      ...reasonText(decision.reason),
      hookMaySkipPrompt: hookMaySkipPrompt(decision),
      ...(decision.description ? { description: decision.description } : {}),
      suggestions:
        decision.behavior === "ask"
          ? this.engine.suggestRulesFor({ tool, input: input as Record<string, unknown> }, decision)
          : [],
    };
  }

  /**
   * "Allow for this session" keeps the engine's suggested rules in memory; "allow always"
   * also saves them as visible rules when the tool's answers persist (commands and
   * domains). Calls the engine refused to generalise (safety asks) stay one-offs.
   */
  remember(
    tool: string,
    verdict: PolicyVerdict,
    answer: "allow_session" | "allow_always",
  ): string | undefined {
    const suggestions = verdict.suggestions ?? [];
    if (suggestions.length === 0) return undefined;
    this.allowForSession(suggestions);
    if (answer !== "allow_always" || !PERSISTED_TOOLS.has(tool)) return undefined;
    let saved: string | undefined;
    for (const rule of suggestions) saved = this.persistRule(rule) ?? saved;
    return saved;
  }

  /** Remembers rules for the rest of the session (never written anywhere). */
  allowForSession(ruleTexts: string[]): void {
    for (const text of ruleTexts)
      this.sessionRules.push({ text, list: "allow", source: { kind: "session" } });
    this.recompile();
  }

  private recompile(): void {
    this.compiled = compileRules([...this.fileRules, ...this.sessionRules]);
  }
}

function rulesFrom(settings: SettingsResult): Rule[] {
  return settings.rules.map((r) => ({
    text: r.text,
    list: r.list,
    source: { kind: r.source.kind, path: r.source.path, root: r.source.root },
  }));
}
