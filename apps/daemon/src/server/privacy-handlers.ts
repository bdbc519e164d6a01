import type { Store } from "@berth/store";
import { privacyReport, telemetryDecision } from "@berth/telemetry";
import { createBugReport } from "../bug/bug-report";
import { bugDestination } from "../bug/destination";
import { outboundFor } from "../outbound/outbound";
import { projectRootOf } from "../policy/project-root";
import type { SettingsService } from "../policy/settings-service";
import type { Handlers } from "./router";

/** `berth privacy`, `berth doctor` and `/bug`: the switches as a session started here would see them. */
export function createPrivacyHandlers(deps: {
  settings: SettingsService;
  isTrusted: (projectRoot: string) => boolean;
  store: Store;
  home: string;
  appVersion: string;
}): Pick<Handlers, "privacy/status" | "bug/report"> {
  const settingsFor = (cwd: string) => {
    const projectRoot = projectRootOf(cwd);
    return deps.settings.load({ cwd, projectRoot, trusted: deps.isTrusted(projectRoot) });
  };
  return {
    "privacy/status"(_conn, { cwd, env }) {
      const settings = settingsFor(cwd);
      const outbound = outboundFor(env, settings);
      const telemetry = telemetryDecision(
        { ...env, ...settings.effective.env },
        outbound.stateOf("telemetry"),
      );
      const bug = bugDestination(settings);
      return {
        switches: privacyReport({ switches: outbound.switches, telemetry, bugReportUrl: bug.url }),
        telemetryWarnings: telemetry.warnings,
        bugReportUrl: bug.url,
        bugReportUrlSource: bug.source,
      };
    },
    "bug/report"(_conn, { cwd, env, sessionId, description, send }) {
      return createBugReport({
        home: deps.home,
        appVersion: deps.appVersion,
        clientEnv: env,
        settings: settingsFor(cwd),
        store: deps.store,
        ...(sessionId ? { sessionId } : {}),
        description,
        send,
      });
    },
  };
}
