// Matchers, per the reference: `*`, "" or none match everything; a value made only of letters,
// digits, `_`, `-`, spaces, `,` and `|` is one exact name or a list of them; anything else is an
// unanchored JavaScript regular expression (so `Edit.*` also matches `NotebookEdit`).

const PLAIN = /^[A-Za-z0-9_\-\s,|]*$/;

/** Events whose matcher is compared with something (tool name, source, trigger, reason, type). */
export const MATCHED_EVENTS = new Set([
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PermissionDenied",
  "PreCompact",
  "PostCompact",
  "SessionStart",
  "SessionEnd",
  "Notification",
]);

export function matcherMatches(matcher: string | undefined, value: string | undefined): boolean {
  if (matcher === undefined || matcher === "" || matcher === "*") return true;
  if (value === undefined) return true;
  if (PLAIN.test(matcher)) {
    return matcher
      .split(/[|,]/)
      .map((name) => name.trim())
      .some((name) => name === value);
  }
  try {
    return new RegExp(matcher).test(value);
  } catch {
    // An invalid pattern matches nothing; the settings diagnostics are where it gets reported.
    return false;
  }
}
