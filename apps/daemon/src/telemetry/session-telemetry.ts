// Per-session telemetry set-up for the agent factory: decides from the session's environment
// and privacy switches, opens the pipeline (the SDK loads only when enabled) and, when the agent
// is built, connects the session's events to it.
import type { PermissionGate } from "@berth/agent";
import type { SettingsResult } from "@berth/config";
import { openTelemetryPipeline } from "@berth/telemetry";
import type { Logger } from "../lifecycle/logger";
import { outboundFor } from "../outbound/outbound";
import { createRedactor, secretsOfEnv } from "../privacy/redactor";
import type { LiveSession } from "../sessions/live-session";
import { createTelemetryBridge } from "./telemetry-bridge";

export interface SessionTelemetryHook {
  /** Connects a built session; returns the gate wrapper that observes permission decisions. */
  attach(
    session: LiveSession,
    options: { model: string; resumed: boolean },
  ): (gate: PermissionGate) => PermissionGate;
  dispose(): Promise<void>;
}

export interface TelemetryDeps {
  logger: Logger;
  appVersion: string;
}

const NO_TELEMETRY: SessionTelemetryHook = { attach: () => (gate) => gate, dispose: async () => {} };

export async function prepareSessionTelemetry(
  deps: TelemetryDeps | undefined,
  input: { clientEnv: Record<string, string>; sessionEnv: Record<string, string>; settings: SettingsResult },
): Promise<SessionTelemetryHook> {
  if (!deps) return NO_TELEMETRY;
  const redactor = createRedactor(secretsOfEnv(input.sessionEnv));
  const log = deps.logger.child({ component: "telemetry" });
  const privacy = outboundFor(input.clientEnv, input.settings).stateOf("telemetry");
  const pipeline = await openTelemetryPipeline({
    env: input.sessionEnv,
    privacy,
    appVersion: deps.appVersion,
    warn: (message) => log.warn(redactor.redact(message)),
  });
  redactor.register(...pipeline.secrets);
  for (const warning of pipeline.warnings) log.warn(warning);
  let unsubscribe: (() => void) | undefined;
  return {
    attach(session, options) {
      for (const warning of pipeline.warnings)
        session.emit({ type: "notice", level: "warning", message: warning });
      const env = input.sessionEnv;
      const telemetry = pipeline.forSession({
        sessionId: session.id,
        appVersion: deps.appVersion,
        terminalType: env.TERM_PROGRAM || env.TERM || "unknown",
      });
      if (!telemetry) return (gate) => gate;
      telemetry.sessionStarted(options.resumed ? "resume" : "fresh");
      const bridge = createTelemetryBridge(telemetry, { model: options.model, redact: redactor.redact });
      unsubscribe = session.observe(bridge.observe);
      return bridge.observeGate;
    },
    async dispose() {
      unsubscribe?.();
      await pipeline.shutdown();
    },
  };
}
