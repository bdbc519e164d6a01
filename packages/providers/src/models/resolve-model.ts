// Which model a request uses (reference §3.6): session (/model) > --model > ANTHROPIC_MODEL >
// the `model` setting > default. Aliases resolve per provider; `[1m]` asks for the 1M-token
// context window; `opusplan` is opus in plan mode and sonnet otherwise.
import { type Env, envValue } from "../env.js";
import { type ProviderName, resolveProvider } from "../provider.js";
import { ALIAS_OVERRIDE_ENV, DEFAULT_ALIAS, MODEL_ALIASES, type ModelAlias } from "./aliases.js";

export type ModelSource = "session" | "flag" | "env" | "setting" | "default";

export interface ResolveModelInput {
  sessionModel?: string | undefined;
  flagModel?: string | undefined;
  env: Env;
  settingsModel?: string | undefined;
  /** Defaults to resolveProvider(env). */
  provider?: ProviderName;
  /** For `opusplan`. */
  planMode?: boolean;
}

export interface ResolvedModel {
  /** The id to send to the provider. */
  model: string;
  /** What was asked for, as written (e.g. "sonnet[1m]"). */
  requested: string;
  source: ModelSource;
  /** Set when `requested` was an alias. */
  alias?: ModelAlias | "default" | "opusplan";
  /** `[1m]` suffix: the caller should enable the 1M-context beta. */
  context1m: boolean;
}

const ALIASES = new Set<string>(["opus", "sonnet", "haiku"]);

/** The model id an alias stands for on `provider`, honouring ANTHROPIC_DEFAULT_*_MODEL. */
export function aliasModel(
  alias: ModelAlias,
  env: Env,
  provider: ProviderName = resolveProvider(env),
): string {
  const pinned = envValue(env, ALIAS_OVERRIDE_ENV[alias]);
  if (pinned) return pinned;
  const id = MODEL_ALIASES[provider][alias];
  // Bedrock cross-region inference profiles start with a geography; teams outside the US swap it.
  const prefix = provider === "bedrock" ? envValue(env, "ANTHROPIC_BEDROCK_REGION_PREFIX") : undefined;
  return prefix ? id.replace(/^(us|eu|apac|global)\./, `${prefix}.`) : id;
}

export function resolveModel(input: ResolveModelInput): ResolvedModel {
  const provider = input.provider ?? resolveProvider(input.env);
  const candidates: [ModelSource, string | undefined][] = [
    ["session", input.sessionModel],
    ["flag", input.flagModel],
    ["env", envValue(input.env, "ANTHROPIC_MODEL")],
    ["setting", input.settingsModel],
  ];
  const chosen = candidates.find(([, value]) => value?.trim());
  const source: ModelSource = chosen?.[0] ?? "default";
  const requested = chosen?.[1]?.trim() ?? "default";

  const suffix = /\[1m\]$/i.exec(requested);
  const base = suffix ? requested.slice(0, suffix.index).trim() : requested;
  const context1m = suffix !== null;
  const lower = base.toLowerCase();

  if (lower === "default") {
    return {
      model: aliasModel(DEFAULT_ALIAS, input.env, provider),
      requested,
      source,
      alias: "default",
      context1m,
    };
  }
  if (lower === "opusplan") {
    const alias: ModelAlias = input.planMode ? "opus" : "sonnet";
    return { model: aliasModel(alias, input.env, provider), requested, source, alias: "opusplan", context1m };
  }
  if (ALIASES.has(lower)) {
    const alias = lower as ModelAlias;
    return { model: aliasModel(alias, input.env, provider), requested, source, alias, context1m };
  }
  return { model: base, requested, source, context1m };
}

/**
 * The small, fast model for side tasks (titles, summaries, WebFetch answers):
 * ANTHROPIC_DEFAULT_HAIKU_MODEL, else the deprecated ANTHROPIC_SMALL_FAST_MODEL, else haiku.
 */
export function smallFastModel(env: Env, provider: ProviderName = resolveProvider(env)): string {
  const pinned =
    envValue(env, "ANTHROPIC_DEFAULT_HAIKU_MODEL") ?? envValue(env, "ANTHROPIC_SMALL_FAST_MODEL");
  return pinned ?? aliasModel("haiku", env, provider);
}
