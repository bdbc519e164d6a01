// Every connection Berth opens other than to the model provider is decided here: the
// telemetry exporters and the bug-report upload (later WebFetch). Each purpose has a privacy
// switch; a disabled switch refuses with the variable and the file or environment that set it.
// Uploads honour the session's proxy variables like model requests do, never follow redirects
// (a report must not be re-sent to another host), and are bounded in time and size.
import { type PrivacyState, type PrivacySwitch, privacySwitches, type SettingsResult } from "@berth/config";
import { ProtocolError } from "@berth/protocol";
import { loadUndici, proxyForUrl } from "@berth/providers";

export type OutboundPurpose = "telemetry" | "bugReport";

const SWITCH: Record<OutboundPurpose, { name: PrivacySwitch; label: string }> = {
  telemetry: { name: "telemetry", label: "Telemetry" },
  bugReport: { name: "bugCommand", label: "The bug command" },
};

const UPLOAD_TIMEOUT_MS = 15_000;

export interface Outbound {
  readonly switches: PrivacyState;
  /** The switch state deciding a purpose (the telemetry pipeline passes it on). */
  stateOf(purpose: OutboundPurpose): PrivacyState[PrivacySwitch];
  /** Throws PolicyRefused naming the switch and where it was set, when the purpose is off. */
  assertAllowed(purpose: OutboundPurpose): void;
  /** POSTs a body for an allowed purpose; resolves with the HTTP status. */
  post(purpose: OutboundPurpose, url: string, body: string, contentType: string): Promise<number>;
}

export function refusalMessage(purpose: OutboundPurpose, switches: PrivacyState): string | undefined {
  const { name, label } = SWITCH[purpose];
  const state = switches[name];
  if (!state.disabled) return undefined;
  const where =
    state.decidedBy === "provider-default"
      ? `the default under ${state.variable}`
      : `${state.variable} (set in ${state.decidedBy})`;
  return `${label} is disabled by ${where}.`;
}

/** The outbound gate for a client's environment and a folder's settings. */
export function outboundFor(clientEnv: Record<string, string>, settings: SettingsResult): Outbound {
  const switches = privacySwitches(clientEnv, settings.effective);
  const env = { ...clientEnv, ...settings.effective.env };
  const assertAllowed = (purpose: OutboundPurpose) => {
    const refusal = refusalMessage(purpose, switches);
    if (refusal) throw new ProtocolError("PolicyRefused", refusal);
  };
  return {
    switches,
    stateOf: (purpose) => switches[SWITCH[purpose].name],
    assertAllowed,
    async post(purpose, url, body, contentType) {
      assertAllowed(purpose);
      const { ProxyAgent, fetch: undiciFetch } = await loadUndici();
      const proxy = proxyForUrl(new URL(url), env);
      const dispatcher = proxy ? new ProxyAgent(proxy) : undefined;
      try {
        const response = await undiciFetch(url, {
          method: "POST",
          body,
          headers: { "content-type": contentType },
          redirect: "error",
          signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
          ...(dispatcher ? { dispatcher } : {}),
        });
        await response.body?.cancel();
        return response.status;
      } finally {
        await dispatcher?.close();
      }
    },
  };
}
