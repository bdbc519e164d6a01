// Everything the project tells one session: its memory files and its hooks, wired together (a
// file the agent touches can bring in subfolder memory; SessionStart context joins the prompt).
import { type AgentHooks, hookTextForModel, type MemoryFile as PromptMemoryFile } from "@berth/agent";
import type { SettingsResult } from "@berth/config";
import {
  countGroups,
  type HookEngine,
  type HookSwitches,
  type HooksConfig,
  reviewHooks,
} from "@berth/context";
import type { SessionEvent } from "@berth/protocol";
import { createSessionHooks, hookSwitchesOf, type SessionHooksOptions } from "./session-hooks";
import { SessionMemory } from "./session-memory";

/** SessionEnd hooks get a short budget: the session is going away. */
const SESSION_END_BUDGET_MS = 5_000;

export interface SessionContextOptions {
  sessionId: string;
  cwd: string;
  projectRoot: string;
  trusted: boolean;
  workingDirectories: readonly string[];
  locations: { berthHome: string; managedDir: string };
  toolEnv: Record<string, string>;
  settings: () => SettingsResult;
  permissionMode: () => string;
  emit: (event: SessionEvent) => void;
  /** `resume` when the session has history. */
  source: "startup" | "resume";
  isImportApproved?: (realPath: string) => boolean;
  /** Where running hooks' process groups are recorded (see SessionHooksOptions). */
  processGroups?: SessionHooksOptions["processGroups"];
}

export class SessionContext {
  readonly memory: SessionMemory;
  readonly engine: HookEngine;
  readonly hooks: AgentHooks;
  #startContext: string[] = [];
  /** The hooks as they were when the session started or the user last accepted a change. */
  #reviewed: HooksConfig;
  readonly #started: Promise<void>;

  constructor(readonly options: SessionContextOptions) {
    this.memory = new SessionMemory(
      {
        cwd: options.cwd,
        projectRoot: options.projectRoot,
        workingDirectories: options.workingDirectories,
        berthHome: options.locations.berthHome,
        managedDir: options.locations.managedDir,
        trusted: options.trusted,
        ...(options.isImportApproved ? { isImportApproved: options.isImportApproved } : {}),
      },
      options.emit,
    );
    this.memory.start();
    this.#reviewed = this.#configured();
    const { engine, hooks } = createSessionHooks({
      ...options,
      hooksConfig: () => this.hooksConfig(),
      onToolDone: (input) => this.memory.noteToolUse(input),
    });
    this.engine = engine;
    this.#started = engine.run("SessionStart", options.source, { source: options.source }).then(
      (outcome) => {
        this.#startContext = outcome.context;
        for (const message of outcome.userMessages)
          options.emit({ type: "notice", level: "warning", message });
      },
      () => {},
    );
    // Every event waits for SessionStart, so its context is in place for the first request.
    this.hooks = {
      run: async (event, matchValue, input, signal) => {
        await this.#started;
        return hooks.run(event, matchValue, input, signal);
      },
    };
  }

  /** Notification hooks (a permission prompt is waiting); they run in the background. */
  notify(message: string, type = "permission_prompt"): void {
    void this.#started
      .then(() => this.engine.run("Notification", type, { message, notification_type: type }))
      .then((outcome) => {
        for (const m of outcome.userMessages)
          this.options.emit({ type: "notice", level: "warning", message: m });
      })
      .catch(() => undefined);
  }

  /** The hooks that run now: reviewed and still configured. */
  hooksConfig(): HooksConfig {
    return reviewHooks(this.#reviewed, this.#configured()).active;
  }

  /** Hooks added or changed in the settings since the review, waiting for `acceptHooks`. */
  pendingHooks(): HooksConfig {
    return reviewHooks(this.#reviewed, this.#configured()).pending;
  }

  acceptHooks(): number {
    const pending = countGroups(this.pendingHooks());
    this.#reviewed = this.#configured();
    return pending;
  }

  /** Called after a settings reload: says so when new hooks wait for review. */
  settingsChanged(): void {
    const pending = countGroups(this.pendingHooks());
    if (pending === 0) return;
    this.options.emit({
      type: "notice",
      level: "warning",
      message: `${pending} hook group${pending === 1 ? " was" : "s were"} added or changed in the settings; they run once you review them with /hooks and accept with /hooks accept.`,
    });
  }

  #configured(): HooksConfig {
    // @berth/config's provenanced groups have exactly the structural shape the engine reads.
    return this.options.settings().effective.hooks as unknown as HooksConfig;
  }

  hookSwitches(): HookSwitches {
    return hookSwitchesOf(this.options.settings());
  }

  /** Memory files, then SessionStart hook context, for the system prompt. */
  forPrompt(): PromptMemoryFile[] {
    const files = this.memory.forPrompt();
    const start = this.#startContext.join("\n\n").trim();
    if (start) files.push({ path: "SessionStart hooks", content: hookTextForModel(start), scope: "hook" });
    return files;
  }

  async dispose(reason = "other"): Promise<void> {
    await this.#started;
    await this.engine
      .run("SessionEnd", reason, { reason }, AbortSignal.timeout(SESSION_END_BUDGET_MS))
      .catch(() => undefined);
    await this.memory.dispose();
  }
}
