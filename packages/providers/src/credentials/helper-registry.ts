// One ApiKeyHelper per (command, cwd) for the whole daemon, so that sessions started from the
// same project share one cached key and one refresh at a time (spec §2: "One refresh at a time
// even when many sessions need it"). The daemon owns the registry; nothing here is global.
import type { Env } from "../env.js";
import type { ProviderLogger } from "../logger.js";
import { ApiKeyHelper } from "./api-key-helper.js";

export interface ApiKeyHelperRegistryOptions {
  timeoutMs?: number;
  logger?: ProviderLogger;
  now?: () => number;
}

export class ApiKeyHelperRegistry {
  readonly #helpers = new Map<string, ApiKeyHelper>();
  readonly #options: ApiKeyHelperRegistryOptions;

  constructor(options: ApiKeyHelperRegistryOptions = {}) {
    this.#options = options;
  }

  /** The shared helper for (command, cwd), created on first use; `env` becomes its run environment. */
  acquire(args: { command: string; cwd: string; env: Env }): ApiKeyHelper {
    const key = JSON.stringify([args.command, args.cwd]);
    const existing = this.#helpers.get(key);
    if (existing) {
      existing.updateEnv(args.env);
      return existing;
    }
    const helper = new ApiKeyHelper({ ...this.#options, ...args });
    this.#helpers.set(key, helper);
    return helper;
  }

  get size(): number {
    return this.#helpers.size;
  }

  /** Forgets every helper and its cached key (e.g. on `berth logout` or settings reload). */
  clear(): void {
    this.#helpers.clear();
  }
}
