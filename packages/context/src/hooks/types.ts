// The shapes hooks are configured with and what running them produces. Configuration comes in
// structurally (the daemon passes @berth/config's merged, provenanced groups) so this package
// depends on nothing but the protocol.

/** Events that run command hooks. [2025] first, then the [2026] additions Berth fires. */
export const HOOK_EVENT_NAMES = [
  "PreToolUse",
  "PostToolUse",
  "Notification",
  "UserPromptSubmit",
  "Stop",
  "SubagentStop",
  "PreCompact",
  "SessionStart",
  "SessionEnd",
  "PostToolUseFailure",
  "PermissionDenied",
  "PostCompact",
] as const;
export type HookEventName = (typeof HOOK_EVENT_NAMES)[number];

/** Where a hook group was configured: the settings layer and file. */
export interface HookSource {
  kind: string;
  path: string;
}

/** One handler as written in settings; only `command` handlers run in Berth. */
export interface HookHandlerConfig {
  type: string;
  command?: string;
  args?: string[];
  timeout?: number;
  async?: boolean;
  [key: string]: unknown;
}

export interface HookGroupConfig {
  matcher?: string;
  hooks: HookHandlerConfig[];
  source: HookSource;
}

/** The merged `hooks` key: event name → matcher groups, each with its source. */
export type HooksConfig = Readonly<Record<string, readonly HookGroupConfig[]>>;

/** One command chosen to run for an event (after matching and de-duplication). */
export interface SelectedHook {
  event: HookEventName;
  command: string;
  args?: string[];
  timeoutMs: number;
  async: boolean;
  matcher: string | undefined;
  source: HookSource;
}

/** What one hook process did. */
export interface HookRun {
  hook: SelectedHook;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started at all. */
  spawnError?: string;
}

export type HookPermissionDecision = "allow" | "deny" | "ask";

/** Everything the hooks of one event decided, merged across the hooks that ran. */
export interface HookOutcome {
  runs: HookRun[];
  /**
   * The event is blocked (exit code 2, `decision: "block"`, or a PreToolUse `deny`). The reason
   * goes to the model or the user depending on the event.
   */
  block?: { reason: string };
  /** PreToolUse: strongest permission decision across hooks (deny > ask > allow). */
  permission?: { decision: HookPermissionDecision; reason: string };
  /** PreToolUse: a replacement for the whole tool input (the last hook that set one wins). */
  updatedInput?: Record<string, unknown>;
  /** Text for the model's context (additionalContext, and plain stdout where the event adds it). */
  context: string[];
  /** `continue: false`: stop the agent after this event; the reason is for the user. */
  stop?: { reason: string };
  /** Warnings and non-blocking errors for the user (systemMessage, stderr of failed hooks). */
  userMessages: string[];
}

export function emptyOutcome(): HookOutcome {
  return { runs: [], context: [], userMessages: [] };
}
