// Public API of @berth/telemetry: OpenTelemetry export of the documented Claude Code metrics
// and events, decided per session from its environment and the privacy switches.
export {
  destinationsOf,
  ENABLE_VARIABLE,
  isExporterVariable,
  type Env,
  type OtlpTarget,
  parseKeyValueList,
  type TelemetryConfig,
  type TelemetryDecision,
  type TelemetrySwitch,
  telemetryDecision,
} from "./config";
export { CODE_EDIT_TOOLS, EVENTS, METER_NAME, METRICS, SERVICE_NAME } from "./names";
export { openTelemetryPipeline, type TelemetryPipeline } from "./open";
export {
  type ApiUsage,
  type Attributes,
  type Decision,
  type DecisionSource,
  languageOf,
  type SessionIdentity,
  SessionTelemetry,
  type TelemetrySink,
} from "./session-telemetry";
export { privacyReport, type SwitchInput, type SwitchName, type SwitchReport } from "./privacy-report";
