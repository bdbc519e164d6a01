// Opens a session's telemetry pipeline: decides from the environment and the privacy switch,
// and loads the SDK only when something will actually be exported.
import { type Env, type TelemetrySwitch, telemetryDecision } from "./config";
import { type SessionIdentity, SessionTelemetry } from "./session-telemetry";

export interface TelemetryPipeline {
  /** Binds the pipeline to a session; undefined when telemetry is off. */
  forSession(identity: SessionIdentity): SessionTelemetry | undefined;
  /** Why it is off (for logs and `berth privacy`), or undefined when on. */
  offReason: string | undefined;
  /** Problems with the configuration, each a sentence naming the variable. */
  warnings: string[];
  /** Collector credentials (header values) to keep out of logs, reports and tool output. */
  secrets: string[];
  /** Flushes what is queued (bounded in time) and stops the exporters. */
  shutdown(): Promise<void>;
}

const off = (reason: string, warnings: string[], secrets: string[] = []): TelemetryPipeline => ({
  forSession: () => undefined,
  offReason: reason,
  warnings,
  secrets,
  shutdown: async () => {},
});

export async function openTelemetryPipeline(options: {
  env: Env;
  privacy: TelemetrySwitch;
  appVersion: string;
  warn(message: string): void;
}): Promise<TelemetryPipeline> {
  const decision = telemetryDecision(options.env, options.privacy);
  if (!decision.enabled) return off(decision.reason, decision.warnings);
  const { config } = decision;
  try {
    const { openOtelSink } = await import("./sdk");
    const sink = await openOtelSink(config, { appVersion: options.appVersion, warn: options.warn });
    return {
      forSession: (identity) => new SessionTelemetry(sink, identity, config),
      offReason: undefined,
      warnings: decision.warnings,
      secrets: config.secrets,
      shutdown: () => sink.shutdown(),
    };
  } catch (error) {
    // e.g. an mTLS certificate file that cannot be read: fail closed and say why.
    const warning = `Telemetry is off: ${(error as Error).message}`;
    return off(warning, [warning], config.secrets);
  }
}
