import type { ProvenancedRule, SettingsResult } from "@berth/config";
import { localSettingsPath } from "@berth/config";
import type { Diagnostic, RuleEntry } from "@berth/protocol";

/** Converts the settings loader's results to their wire shapes. */
export function toWireDiagnostics(result: SettingsResult): Diagnostic[] {
  return result.diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    file: d.file || null,
    keyPath: d.keyPath || null,
    line: d.line ?? null,
    message: d.message,
  }));
}

export function toWireRules(rules: ProvenancedRule[], projectRoot: string): RuleEntry[] {
  const local = localSettingsPath(projectRoot);
  return rules.map((r) => ({
    text: r.text,
    list: r.list,
    layer: r.source.kind,
    file: r.source.path,
    removable: r.source.path === local && r.list === "allow",
    ...(r.problem ? { problem: r.problem } : {}),
  }));
}

/** The effective settings as plain JSON (the loader's object carries an `origin` function). */
export function effectiveJson(result: SettingsResult): Record<string, unknown> {
  return JSON.parse(JSON.stringify(result.effective)) as Record<string, unknown>;
}
