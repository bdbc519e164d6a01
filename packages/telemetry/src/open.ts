// Opens a session's telemetry: decides from the environment and the privacy switch, and loads
// the SDK only when something will actually be exported.
import { type Env, type TelemetrySwitch, telemetryDecision } from "./config";
import { type SessionIdentity, SessionTelemetry } from "./session-telemetry";

export interface OpenedTelemetry {
  /** Undefined when telemetry is off for this session. */
  telemetry: SessionTelemetry | undefined;
  /** Why it is off (for logs and `berth privacy`), or undefined when on. */
  offReason: string | undefined;
  /** Problems with the configuration, each a sentence naming the variable. */
  warnings: string[];
  /** Collector credentials (header values) to keep out of logs, reports and tool output. */
  secrets: string[];
}

export async function openSessionTelemetry(options: {
  env: Env;
  privacy: TelemetrySwitch;
  identity: SessionIdentity;
  warn(message: string): void;
}): Promise<OpenedTelemetry> {
  const decision = telemetryDecision(options.env, options.privacy);
  if (!decision.enabled) {
    return { telemetry: undefined, offReason: decision.reason, warnings: decision.warnings, secrets: [] };
  }
  const { openOtelSink } = await import("./sdk");
  try {
    const sink = await openOtelSink(decision.config, {
      appVersion: options.identity.appVersion,
      warn: options.warn,
    });
    return {
      telemetry: new SessionTelemetry(sink, options.identity, decision.config),
      offReason: undefined,
      warnings: decision.warnings,
      secrets: decision.config.secrets,
    };
  } catch (error) {
    // e.g. an mTLS certificate file that cannot be read: fail closed, say why.
    const warning = `Telemetry is off: ${(error as Error).message}`;
    return {
      telemetry: undefined,
      offReason: warning,
      warnings: [warning],
      secrets: decision.config.secrets,
    };
  }
}
