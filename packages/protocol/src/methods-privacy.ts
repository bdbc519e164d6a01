import { z } from "zod";
import { lazy } from "./lazy-table";

/** `berth privacy`, `berth doctor` and `/bug` / `berth bug` (part of the method table). */

const ClientContext = lazy(() => ({
  cwd: z.string().min(1).describe("Absolute folder the question is about (its settings apply)."),
  env: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      "The client's environment, as for session/create: the switches and OTEL_* variables are read from it.",
    ),
}));

export const PrivacySwitchReport = lazy(() =>
  z.object({
    name: z.enum(["telemetry", "errorReporting", "bugCommand", "autoUpdater", "nonessentialTraffic"]),
    disabled: z.boolean(),
    variable: z.string().nullable().describe("The variable that decided; null for the built-in default."),
    decidedBy: z.string().describe("`environment`, a settings file path, `provider-default` or `default`."),
    variables: z.array(z.string()),
    data: z.string().describe("What would leave the machine."),
    destination: z.string().describe("Where it goes now, or why nowhere."),
    sending: z.boolean(),
  }),
);
export type PrivacySwitchReport = z.infer<ReturnType<typeof PrivacySwitchReport>>;

export const privacyMethods = {
  "privacy/status": () => ({
    params: z.object(ClientContext()),
    result: z.object({
      switches: z.array(PrivacySwitchReport()),
      telemetryWarnings: z.array(z.string()),
      bugReportUrl: z.string().nullable(),
      bugReportUrlSource: z.string().nullable(),
    }),
    doc: "Each privacy switch with the variable or file that decided it, and what data would leave the machine and where to.",
  }),
  "bug/report": () => ({
    params: z.object({
      ...ClientContext(),
      sessionId: z.string().min(1).max(128).optional().describe("The session to report; else none."),
      description: z.string().max(10_000).default(""),
      send: z.boolean().default(false).describe("Upload to `bugReportUrl` after writing the file."),
    }),
    result: z.object({
      path: z.string().describe("The report file (0600) in <home>/bug-reports/."),
      summary: z.object({
        messages: z.number().int(),
        daemonErrors: z.number().int(),
        bytes: z.number().int(),
      }),
      sent: z.object({ url: z.string(), status: z.number().int() }).nullable(),
      sendError: z.string().nullable().describe("Why the upload failed; the report file is kept."),
    }),
    doc: "Writes a bug report (transcript, versions, settings origins, recent daemon errors; secrets redacted) and optionally sends it to `bugReportUrl`. Refused (PolicyRefused) when DISABLE_BUG_COMMAND or the non-essential traffic switch is set.",
  }),
} as const;
