// apiKeyHelper: a settings command whose stdout is the API key (reference §3.2). The value is
// cached for 5 minutes (or CLAUDE_CODE_API_KEY_HELPER_TTL_MS) and re-fetched early when the API
// answers 401. Only one run is ever in flight per helper: concurrent callers share it, so a
// burst of sessions or a burst of 401s costs one run, not one each.
import { type Env, envPositiveInt } from "../env.js";
import { ApiKeyHelperError } from "../errors.js";
import { type ProviderLogger, silentLogger } from "../logger.js";
import { runShellCommand } from "../run-command.js";

export const DEFAULT_HELPER_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_HELPER_TIMEOUT_MS = 30_000;
/** Claude Code warns when a helper takes longer than this ([2026]). */
export const HELPER_SLOW_WARNING_MS = 10_000;

export interface ApiKeyHelperOptions {
  command: string;
  cwd: string;
  env: Env;
  /** Overrides CLAUDE_CODE_API_KEY_HELPER_TTL_MS and the 5-minute default. */
  ttlMs?: number;
  timeoutMs?: number;
  logger?: ProviderLogger;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export function helperTtlMs(env: Env): number {
  return envPositiveInt(env, "CLAUDE_CODE_API_KEY_HELPER_TTL_MS") ?? DEFAULT_HELPER_TTL_MS;
}

export class ApiKeyHelper {
  readonly command: string;
  readonly cwd: string;
  #env: Env;
  #ttlMs: number;
  readonly #explicitTtl: boolean;
  readonly #timeoutMs: number;
  readonly #logger: ProviderLogger;
  readonly #now: () => number;
  #cached: { value: string; expiresAt: number } | undefined;
  #inflight: Promise<string> | undefined;
  #runs = 0;

  constructor(options: ApiKeyHelperOptions) {
    this.command = options.command;
    this.cwd = options.cwd;
    this.#env = options.env;
    this.#explicitTtl = options.ttlMs !== undefined;
    this.#ttlMs = options.ttlMs ?? helperTtlMs(options.env);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
  }

  /** How many times the command has been started; for status output and tests. */
  get runCount(): number {
    return this.#runs;
  }

  /**
   * Uses a newer session environment for the next run (and its TTL variable). Sessions that
   * share a helper share its key, so the most recent client's environment is the freshest.
   */
  updateEnv(env: Env): void {
    this.#env = env;
    if (!this.#explicitTtl) this.#ttlMs = helperTtlMs(env);
  }

  /** The current key, running the helper when there is no fresh cached value. */
  get(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.expiresAt) return Promise.resolve(cached.value);
    if (!this.#inflight) {
      this.#inflight = this.#run().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  /** The cached key without running anything (for redaction and labels), if there is one. */
  peek(): string | undefined {
    return this.#cached?.value;
  }

  /**
   * Drops the cached key so the next get() runs the helper. With `rejectedKey`, only when that
   * is still the cached key: when several requests get a 401 for the same old key, the first
   * one refreshes and the others pick up the new key instead of refreshing again.
   */
  invalidate(rejectedKey?: string): void {
    if (this.#inflight) return;
    if (rejectedKey !== undefined && this.#cached?.value !== rejectedKey) return;
    this.#cached = undefined;
  }

  async #run(): Promise<string> {
    this.#runs++;
    const slow = setTimeout(() => {
      this.#logger.warn("apiKeyHelper is slow", { command: this.command, afterMs: HELPER_SLOW_WARNING_MS });
    }, HELPER_SLOW_WARNING_MS);
    slow.unref();
    try {
      const result = await runShellCommand(this.command, {
        cwd: this.cwd,
        env: this.#env,
        timeoutMs: this.#timeoutMs,
        maxOutputBytes: 64 * 1024,
      });
      if (result.spawnError) throw new ApiKeyHelperError(this.command, "spawn", {});
      if (result.timedOut)
        throw new ApiKeyHelperError(this.command, "timeout", { timeoutMs: this.#timeoutMs });
      if (result.exitCode !== 0)
        throw new ApiKeyHelperError(this.command, "exit", { exitCode: result.exitCode });
      const key = result.stdout.trim();
      if (!key) throw new ApiKeyHelperError(this.command, "empty", {});
      this.#cached = { value: key, expiresAt: this.#now() + this.#ttlMs };
      this.#logger.debug("apiKeyHelper refreshed the key", {
        command: this.command,
        durationMs: result.durationMs,
      });
      return key;
    } catch (error) {
      // Never log the helper's output: a failing helper may still print the secret.
      if (error instanceof ApiKeyHelperError) {
        this.#logger.warn("apiKeyHelper failed", {
          command: this.command,
          failure: error.failure,
          exitCode: error.exitCode,
        });
      }
      throw error;
    } finally {
      clearTimeout(slow);
    }
  }
}
