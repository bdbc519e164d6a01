// Builds, writes and (when a destination is configured) sends a bug report. Everything in it
// passes the redactor; the file is written before any upload, so a failed upload loses nothing.
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SettingsResult } from "@berth/config";
import { PROTOCOL_VERSION, ProtocolError } from "@berth/protocol";
import type { Store } from "@berth/store";
import { telemetryDecision } from "@berth/telemetry";
import { outboundFor } from "../outbound/outbound";
import { createRedactor, secretsOfEnv } from "../privacy/redactor";
import { bugDestination } from "./destination";
import { recentDaemonErrors } from "./recent-errors";

export interface BugReportInput {
  home: string;
  appVersion: string;
  clientEnv: Record<string, string>;
  settings: SettingsResult;
  store: Store;
  sessionId?: string;
  description: string;
  send: boolean;
}

export interface BugReportResult {
  path: string;
  summary: { messages: number; daemonErrors: number; bytes: number };
  sent: { url: string; status: number } | null;
  sendError: string | null;
}

function reportBody(input: BugReportInput): { body: object; messages: number; daemonErrors: number } {
  const { settings, store, sessionId } = input;
  const session = sessionId ? store.getSession(sessionId) : undefined;
  if (sessionId && !session) throw new ProtocolError("SessionNotFound", `No stored session ${sessionId}.`);
  const transcript = sessionId ? store.loadHistory(sessionId) : [];
  const daemonErrors = recentDaemonErrors(join(input.home, "logs"));
  return {
    messages: transcript.length,
    daemonErrors: daemonErrors.length,
    body: {
      format: "berth.bug-report.v1",
      createdAt: new Date().toISOString(),
      description: input.description,
      versions: {
        berth: input.appVersion,
        protocol: PROTOCOL_VERSION,
        node: process.versions.node,
        platform: `${process.platform} ${process.arch}`,
      },
      // Which file set each key, never the values: env values and helpers can be secrets.
      settings: {
        files: settings.files.map((f) => ({ layer: f.layer, path: f.path, status: f.status })),
        origins: settings.origins.map((o) => ({ key: o.key, layer: o.layer, file: o.file })),
        diagnostics: settings.diagnostics.map((d) => d.message),
      },
      session: session
        ? { id: session.id, cwd: session.cwd, model: session.model, createdAt: session.createdAt }
        : null,
      transcript,
      daemonErrors,
    },
  };
}

export async function createBugReport(input: BugReportInput): Promise<BugReportResult> {
  const outbound = outboundFor(input.clientEnv, input.settings);
  // A disabled bug command is refused before anything is gathered or written.
  outbound.assertAllowed("bugReport");
  const env = { ...input.clientEnv, ...input.settings.effective.env };
  const telemetry = telemetryDecision(env, outbound.stateOf("telemetry"));
  const redactor = createRedactor([
    ...secretsOfEnv(env),
    ...(telemetry.enabled ? telemetry.config.secrets : []),
  ]);
  const { body, messages, daemonErrors } = reportBody(input);
  const text = redactor.redact(JSON.stringify(body, null, 2));
  const dir = join(input.home, "bug-reports");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(
    dir,
    `bug-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.json`,
  );
  writeFileSync(path, `${text}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  const result: BugReportResult = {
    path,
    summary: { messages, daemonErrors, bytes: Buffer.byteLength(text) },
    sent: null,
    sendError: null,
  };
  if (!input.send) return result;
  const destination = bugDestination(input.settings);
  if (!destination.url) {
    result.sendError = `No bug report destination is configured (bugReportUrl in managed or ~/.berth/settings.json${destination.source ? `; ${destination.source}` : ""}). The report is kept at ${path}.`;
    return result;
  }
  try {
    const status = await outbound.post("bugReport", destination.url, text, "application/json");
    result.sent = { url: destination.url, status };
    if (status < 200 || status >= 300) {
      result.sendError = `${destination.url} answered HTTP ${status}; the report is kept at ${path}.`;
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    result.sendError = `Could not send the report to ${destination.url}: ${redactor.redact((error as Error).message)}; the report is kept at ${path}.`;
  }
  return result;
}
