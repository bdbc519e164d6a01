// @berth/config: the settings schema, the layered loader with provenance, hot reload, and the
// one writer for persisted "always allow" rules.
export { splitToolList } from "./cli.js";
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  formatDiagnostic,
  formatKeyPath,
  type Severity,
} from "./diagnostics.js";
export { DEFAULT_CLEANUP_PERIOD_DAYS, loadSettings, readFileIfExists } from "./load.js";
export {
  managedSettingsPath,
  MANAGED_SETTINGS_ENV,
  type SettingsFilePath,
  settingsFilePaths,
} from "./paths.js";
export { ruleSyntaxProblem } from "./rules.js";
export type { RuleList } from "./sanitize.js";
export {
  CLEANUP_ZERO_MESSAGE,
  DEFAULT_WARN_AT_FRACTION,
  HOOK_EVENTS,
  type HookEvent,
  type HookHandler,
  type HookMatcher,
  type KnownSettings,
  MANAGED_ONLY_KEYS,
  PERMISSION_MODES,
  type PermissionMode,
  type Settings,
  settingsSchema,
} from "./schema/index.js";
export { LOOSENING_MODES, TRUST_GATED } from "./trust-filter.js";
export * from "./types.js";
export { type SettingsWatcher, type WatchOptions, watchSettings } from "./watch.js";
export {
  addLocalAllowRule,
  addLocalRule,
  type LocalRuleChange,
  LocalSettingsError,
  localSettingsPath,
  removeLocalRule,
} from "./local-rules.js";
export {
  type PrivacyState,
  type PrivacySwitch,
  privacySwitches,
  type SettingsEnvSource,
  type SwitchState,
} from "./privacy.js";
export { settingsJsonSchema, settingsJsonSchemaText } from "./json-schema.js";
export { configurationDoc } from "./docs.js";
export {
  LIMIT_KEYS,
  type LimitKey,
  type SpendLimit,
  type SpendLimits,
  spendLimitsOf,
} from "./cost-settings.js";
