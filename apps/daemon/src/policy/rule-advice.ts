import type { ProvenancedRule } from "@berth/config";
import { wrapperOnlyAdvice } from "@berth/permissions";
import type { Diagnostic } from "@berth/protocol";

/** Warnings for allow rules that cannot do what their authors meant (a wrapper without the
 * program behind it), shown by `berth permissions` and `berth config` next to loader diagnostics. */
export function ruleAdviceDiagnostics(rules: ProvenancedRule[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of rules) {
    if (r.list !== "allow") continue;
    const message = wrapperOnlyAdvice(r.text);
    if (message === null) continue;
    out.push({
      severity: "warning",
      code: "wrapper-only-rule",
      file: r.source.path ?? null,
      keyPath: "permissions.allow",
      line: r.line ?? null,
      message,
    });
  }
  return out;
}
