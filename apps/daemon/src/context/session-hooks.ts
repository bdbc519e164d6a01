// A session's hooks: the HookEngine over the settings in force now, run in the session's folder
// with its tool environment (never the model credentials), every run recorded as an event.
import { type AgentHooks, redactSecrets } from "@berth/agent";
import type { SettingsResult } from "@berth/config";
import { HookEngine, type HookRun, type HooksConfig, type HookSwitches } from "@berth/context";
import type { SessionEvent } from "@berth/protocol";
import { daemonSecrets } from "../secrets/daemon-secrets";

/** Held secrets (named), then anything shaped like a credential. */
function scrub(text: string): string {
  return redactSecrets(daemonSecrets.redact(text).text);
}

/** Trimmed hook output kept in the event log. */
const EVENT_OUTPUT_CHARS = 2_000;

/**
 * `disableAllHooks` from managed policy turns off every hook; from a user or project file it
 * turns off all but the managed ones (the reference: it cannot turn off managed hooks).
 */
export function hookSwitchesOf(settings: SettingsResult): HookSwitches {
  if (settings.effective.disableAllHooks !== true) return { disabled: false, managedOnly: false };
  const managed = settings.effective.origin("disableAllHooks")?.layer === "managed";
  return { disabled: managed, managedOnly: !managed };
}

export function hookRunEvent(run: HookRun): SessionEvent {
  const text = run.spawnError ?? [run.stderr.trim(), run.stdout.trim()].filter(Boolean).join("\n");
  return {
    type: "hook_run",
    event: run.hook.event,
    command: scrub(run.hook.command),
    source: run.hook.source.path,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    durationMs: run.durationMs,
    output: scrub(text.slice(0, EVENT_OUTPUT_CHARS)),
  };
}

export interface SessionHooksOptions {
  sessionId: string;
  cwd: string;
  projectRoot: string;
  toolEnv: Record<string, string>;
  settings: () => SettingsResult;
  /** The hooks that may run now (reviewed ones; see SessionContext). */
  hooksConfig: () => HooksConfig;
  permissionMode: () => string;
  emit: (event: SessionEvent) => void;
  /** Told about every tool call that finished (memory follows the files the agent uses). */
  onToolDone?: (input: unknown) => void;
  /**
   * Where running hooks' process groups are recorded (the daemon's group registry), so a daemon
   * killed mid-hook has its hooks killed by the next one, as its MCP servers are.
   */
  processGroups?: { record(key: string, pgid: number | undefined): void };
}

export function createSessionHooks(options: SessionHooksOptions): { engine: HookEngine; hooks: AgentHooks } {
  const engine = new HookEngine({
    config: options.hooksConfig,
    switches: () => hookSwitchesOf(options.settings()),
    cwd: options.cwd,
    projectDir: options.projectRoot,
    env: options.toolEnv,
    commonInput: () => ({
      session_id: options.sessionId,
      // Berth keeps transcripts in its database, not in a file a hook could read.
      transcript_path: "",
      cwd: options.cwd,
      permission_mode: options.permissionMode(),
    }),
    onRun: (run) => options.emit(hookRunEvent(run)),
    ...(options.processGroups
      ? {
          onGroup: (pgid: number, running: boolean) =>
            options.processGroups?.record(`hook:${pgid}`, running ? pgid : undefined),
        }
      : {}),
  });
  const hooks: AgentHooks = {
    run(event, matchValue, input, signal) {
      if (event === "PostToolUse" || event === "PostToolUseFailure") options.onToolDone?.(input.tool_input);
      // What a hook says reaches the model and the transcript: masked like tool output.
      return engine
        .run(event, matchValue, input, signal)
        .then((outcome) => daemonSecrets.redactDeep(outcome).value);
    },
  };
  return { engine, hooks };
}
