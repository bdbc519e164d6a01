// Privacy switches: which opt-outs are in effect, and which variable or file decided. Pure.
// Spec §7: any non-empty value disables; CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC disables all
// of them; under Bedrock or Vertex all non-essential traffic is off by default. Settings `env`
// is applied on top of the process environment (as for sessions), so a settings file wins.
import { formatKeyPath } from "./diagnostics.js";
import type { Origin } from "./types.js";

export type PrivacySwitch =
  | "telemetry"
  | "errorReporting"
  | "bugCommand"
  | "autoUpdater"
  | "nonessentialTraffic";

export interface SwitchState {
  /** True when the feature is turned off. */
  disabled: boolean;
  /** The variable that decided, or null for the built-in default. */
  variable: string | null;
  /** `environment`, a settings file path, `provider-default` or `default`. */
  decidedBy: string;
}

export type PrivacyState = Record<PrivacySwitch, SwitchState>;

const NONESSENTIAL = "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC";
const OWN_VARIABLES: Record<Exclude<PrivacySwitch, "nonessentialTraffic">, string[]> = {
  telemetry: ["DISABLE_TELEMETRY"],
  errorReporting: ["DISABLE_ERROR_REPORTING"],
  bugCommand: ["DISABLE_BUG_COMMAND", "DISABLE_FEEDBACK_COMMAND"],
  autoUpdater: ["DISABLE_AUTOUPDATER"],
};
const PROVIDERS = ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"];

/** Settings env with provenance; `SettingsResult.effective` fits. */
export interface SettingsEnvSource {
  env: Record<string, string>;
  origin?(path: string): Origin | undefined;
}

export function privacySwitches(
  processEnv: Readonly<Record<string, string | undefined>>,
  settingsEnv: Record<string, string> | SettingsEnvSource,
): PrivacyState {
  const source: SettingsEnvSource = isSource(settingsEnv) ? settingsEnv : { env: settingsEnv };
  const lookup = (name: string): { value: string; decidedBy: string } | undefined => {
    if (Object.hasOwn(source.env, name)) {
      const file = source.origin?.(formatKeyPath(["env", name]))?.file;
      return { value: source.env[name] ?? "", decidedBy: file ?? "settings" };
    }
    const v = processEnv[name];
    return v === undefined ? undefined : { value: v, decidedBy: "environment" };
  };
  const disabledBy = (names: string[]): SwitchState | undefined => {
    for (const name of names) {
      const hit = lookup(name);
      if (hit && hit.value !== "") return { disabled: true, variable: name, decidedBy: hit.decidedBy };
    }
    return undefined;
  };
  const provider = PROVIDERS.map((name) => ({ name, hit: lookup(name) })).find(
    (p) => p.hit && p.hit.value !== "" && !/^(0|false)$/i.test(p.hit.value),
  );
  const fallback = (): SwitchState =>
    provider
      ? { disabled: true, variable: provider.name, decidedBy: "provider-default" }
      : { disabled: false, variable: null, decidedBy: "default" };

  const nonessential = disabledBy([NONESSENTIAL]) ?? fallback();
  const state = { nonessentialTraffic: nonessential } as PrivacyState;
  for (const [name, variables] of Object.entries(OWN_VARIABLES) as Array<
    [keyof typeof OWN_VARIABLES, string[]]
  >) {
    state[name] = disabledBy(variables) ?? (nonessential.disabled ? nonessential : fallback());
  }
  return state;
}

function isSource(v: Record<string, string> | SettingsEnvSource): v is SettingsEnvSource {
  return typeof (v as SettingsEnvSource).env === "object" && (v as SettingsEnvSource).env !== null;
}
