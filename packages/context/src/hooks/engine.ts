// Runs the hooks of one event for one session: select, run in parallel, merge the results.
// Configuration and switches are read on every event, so a settings reload applies at once.
import { aggregateRuns } from "./aggregate.js";
import { runHookCommand } from "./run-command.js";
import { type HookSwitches, selectHooks } from "./select.js";
import {
  emptyOutcome,
  type HookEventName,
  type HookOutcome,
  type HookRun,
  type HooksConfig,
} from "./types.js";

export interface HookEngineOptions {
  /** The merged, provenanced `hooks` settings in force now. */
  config: () => HooksConfig;
  switches: () => HookSwitches;
  /** Folder hooks run in. */
  cwd: string;
  /** `$CLAUDE_PROJECT_DIR`. */
  projectDir: string;
  /** The session's tool environment: it must already be free of model credentials. */
  env: Record<string, string>;
  /** Fields every event's input carries (session_id, transcript_path, cwd, permission_mode). */
  commonInput: () => Record<string, unknown>;
  /** Called once per finished hook process, for the session's event log. */
  onRun?: (run: HookRun) => void;
  /** Each hook process group as it starts and ends (see RunCommandOptions.onGroup). */
  onGroup?: (pgid: number, running: boolean) => void;
  now?: () => number;
}

export class HookEngine {
  readonly #options: HookEngineOptions;

  constructor(options: HookEngineOptions) {
    this.#options = options;
  }

  /** True when at least one hook would run for the event (lets callers skip building input). */
  has(event: HookEventName, matchValue?: string): boolean {
    return selectHooks(this.#options.config(), event, matchValue, this.#options.switches()).length > 0;
  }

  async run(
    event: HookEventName,
    matchValue: string | undefined,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<HookOutcome> {
    const hooks = selectHooks(this.#options.config(), event, matchValue, this.#options.switches());
    if (hooks.length === 0) return emptyOutcome();
    const payload = JSON.stringify({ ...this.#options.commonInput(), hook_event_name: event, ...input });
    const env = { ...this.#options.env, CLAUDE_PROJECT_DIR: this.#options.projectDir };
    const launch = (hook: (typeof hooks)[number], runSignal?: AbortSignal) =>
      runHookCommand(hook, {
        cwd: this.#options.cwd,
        env,
        input: payload,
        ...(runSignal ? { signal: runSignal } : {}),
        ...(this.#options.now ? { now: this.#options.now } : {}),
        ...(this.#options.onGroup ? { onGroup: this.#options.onGroup } : {}),
      }).then((run) => {
        this.#options.onRun?.(run);
        return run;
      });
    // `async` hooks run in the background and decide nothing.
    for (const hook of hooks.filter((h) => h.async)) void launch(hook);
    const runs = await Promise.all(hooks.filter((h) => !h.async).map((hook) => launch(hook, signal)));
    return aggregateRuns(event, runs);
  }
}
