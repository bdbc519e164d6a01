// A hook's JSON on stdout. Parsed only when stdout starts with `{` (as the reference says); a
// malformed object is a non-blocking error reported to the user, never a silent allow.
import { z } from "zod";

/** Strings taken from hook output are capped, as documented, before they go anywhere. */
export const HOOK_OUTPUT_MAX_CHARS = 10_000;

const text = z.string().transform((s) => s.slice(0, HOOK_OUTPUT_MAX_CHARS));

const specific = z.looseObject({
  hookEventName: z.string().optional(),
  permissionDecision: z.enum(["allow", "deny", "ask"]).optional(),
  permissionDecisionReason: text.optional(),
  additionalContext: text.optional(),
  updatedInput: z.record(z.string(), z.unknown()).optional(),
});

export const hookJsonOutputSchema = z.looseObject({
  continue: z.boolean().optional(),
  stopReason: text.optional(),
  suppressOutput: z.boolean().optional(),
  systemMessage: text.optional(),
  /** `approve`/`block` are the older PreToolUse spellings of allow/deny. */
  decision: z.enum(["approve", "block", "allow", "deny", "ask"]).optional(),
  reason: text.optional(),
  hookSpecificOutput: specific.optional(),
});
export type HookJsonOutput = z.infer<typeof hookJsonOutputSchema>;

export type ParsedStdout =
  | { kind: "json"; value: HookJsonOutput }
  | { kind: "text"; text: string }
  | { kind: "invalid"; problem: string };

export function parseHookStdout(stdout: string): ParsedStdout {
  const trimmed = stdout.trim();
  if (!trimmed.startsWith("{")) return { kind: "text", text: trimmed.slice(0, HOOK_OUTPUT_MAX_CHARS) };
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch (error) {
    return {
      kind: "invalid",
      problem: `stdout starts with "{" but is not JSON (${(error as Error).message})`,
    };
  }
  const parsed = hookJsonOutputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "output";
    return {
      kind: "invalid",
      problem: `invalid hook JSON at ${where}: ${issue?.message ?? "unknown problem"}`,
    };
  }
  return { kind: "json", value: parsed.data };
}
