// What each privacy switch governs, what would leave the machine and where to (spec §7), for
// `berth privacy` and `berth doctor`. Pure: the daemon passes in the live switch states.
import { destinationsOf, type TelemetryDecision } from "./config";

export type SwitchName =
  | "telemetry"
  | "errorReporting"
  | "bugCommand"
  | "autoUpdater"
  | "nonessentialTraffic";

export interface SwitchInput {
  disabled: boolean;
  variable: string | null;
  decidedBy: string;
}

export interface SwitchReport extends SwitchInput {
  name: SwitchName;
  /** The variables that turn it off. */
  variables: string[];
  /** What would leave the machine if it were on. */
  data: string;
  /** Where it goes now ("nowhere: ..." when nothing leaves). */
  destination: string;
  /** True when data actually leaves with the current configuration. */
  sending: boolean;
}

const VARIABLES: Record<SwitchName, string[]> = {
  telemetry: ["DISABLE_TELEMETRY"],
  errorReporting: ["DISABLE_ERROR_REPORTING"],
  bugCommand: ["DISABLE_BUG_COMMAND", "DISABLE_FEEDBACK_COMMAND"],
  autoUpdater: ["DISABLE_AUTOUPDATER"],
  nonessentialTraffic: ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"],
};

const DATA: Record<SwitchName, string> = {
  telemetry:
    "OpenTelemetry metrics (tokens, cost, sessions, lines changed, edit decisions, active time) and events " +
    "(prompt length, with the text only if OTEL_LOG_USER_PROMPTS=1; tool results and decisions; API requests and errors)",
  errorReporting: "none: Berth has no crash-reporting service; errors stay in the daemon log",
  bugCommand:
    "a bug report: the session transcript, versions, settings origins and recent daemon errors, secrets redacted",
  autoUpdater: "none: Berth does not update itself",
  nonessentialTraffic: "everything above that is not a model request",
};

export function privacyReport(input: {
  switches: Record<SwitchName, SwitchInput>;
  telemetry: TelemetryDecision;
  bugReportUrl: string | null;
}): SwitchReport[] {
  const { switches, telemetry, bugReportUrl } = input;
  const where = (name: SwitchName): { destination: string; sending: boolean } => {
    const state = switches[name];
    const off = `nowhere: disabled by ${state.variable ?? "default"} (${state.decidedBy})`;
    switch (name) {
      case "telemetry":
        if (state.disabled) return { destination: off, sending: false };
        return telemetry.enabled
          ? { destination: `your collector: ${destinationsOf(telemetry.config).join("; ")}`, sending: true }
          : { destination: `nowhere: ${telemetry.reason}`, sending: false };
      case "bugCommand":
        if (state.disabled)
          return { destination: `nowhere: /bug is ${off.slice("nowhere: ".length)}`, sending: false };
        return bugReportUrl
          ? { destination: `${bugReportUrl} (only when you send a report)`, sending: true }
          : { destination: "a local file only (no bugReportUrl configured)", sending: false };
      case "nonessentialTraffic": {
        const any = (["telemetry", "bugCommand"] as const).some((n) => where(n).sending);
        return state.disabled
          ? { destination: off, sending: false }
          : { destination: any ? "see the rows above" : "nowhere: nothing else is configured", sending: any };
      }
      default:
        return { destination: "nowhere", sending: false };
    }
  };
  return (Object.keys(VARIABLES) as SwitchName[]).map((name) => ({
    name,
    ...switches[name],
    variables: VARIABLES[name],
    data: DATA[name],
    ...where(name),
  }));
}
