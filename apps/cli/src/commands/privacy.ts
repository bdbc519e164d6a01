// `berth privacy`, the privacy section of `berth doctor`, `berth bug` and `/bug`.
import type { BerthConnection } from "@berth/client";
import type { PrivacySwitchReport } from "@berth/protocol";
import type { Command } from "commander";
import { sessionEnvironment } from "../connect";
import { style } from "../interactive/style";
import { withConn } from "./history";
import { findSessionId } from "./resume-target";

type Run = (task: Promise<number>) => Promise<void>;

const LABELS: Record<PrivacySwitchReport["name"], string> = {
  telemetry: "Telemetry",
  errorReporting: "Error reporting",
  bugCommand: "Bug command",
  autoUpdater: "Auto-update",
  nonessentialTraffic: "Non-essential traffic",
};

function decidedBy(s: PrivacySwitchReport): string {
  if (s.decidedBy === "default") return "default";
  if (s.decidedBy === "provider-default") return `provider default (${s.variable})`;
  return `${s.variable} in ${s.decidedBy}`;
}

async function privacyStatus(conn: BerthConnection) {
  return conn.request("privacy/status", { cwd: process.cwd(), env: sessionEnvironment() });
}

/** One line per switch for `berth doctor` (same shape as its checks). */
export async function privacyChecks(
  conn: BerthConnection,
): Promise<Array<{ ok: boolean | "warn"; label: string; detail: string; fix?: string }>> {
  const status = await privacyStatus(conn);
  const lines = status.switches.map((s) => ({
    ok: true as const,
    label: LABELS[s.name],
    detail: `${s.disabled ? "off" : "on"} (${decidedBy(s)}) → ${s.destination}`,
  }));
  const warnings = status.telemetryWarnings.map((w) => ({
    ok: "warn" as const,
    label: "Telemetry config",
    detail: w,
    fix: "Fix the OTEL_* variable named above (see `berth privacy`).",
  }));
  return [...lines, ...warnings];
}

async function runPrivacy(conn: BerthConnection, json: boolean): Promise<number> {
  const status = await privacyStatus(conn);
  if (json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  for (const s of status.switches) {
    const state = s.disabled ? style.green("off") : s.sending ? style.yellow("on, sending") : "on";
    out.push(`${style.bold(LABELS[s.name])}: ${state} ${style.dim(`(decided by ${decidedBy(s)})`)}`);
    out.push(`  data:  ${s.data}`);
    out.push(`  to:    ${s.destination}`);
    out.push(`  off:   set ${s.variables.join(" or ")} to any non-empty value`);
  }
  if (status.bugReportUrlSource && !status.bugReportUrl) {
    out.push(style.yellow(`bugReportUrl ${status.bugReportUrlSource}`));
  }
  for (const w of status.telemetryWarnings) out.push(style.yellow(`warning: ${w}`));
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

/** Writes a bug report (and sends it when asked); returns the lines to show. */
export async function bugReport(
  conn: BerthConnection,
  options: { sessionId?: string; description: string; send: boolean },
): Promise<{ lines: string[]; ok: boolean }> {
  const result = await conn.request("bug/report", {
    cwd: process.cwd(),
    env: sessionEnvironment(),
    description: options.description,
    send: options.send,
    ...(options.sessionId ? { sessionId: options.sessionId } : {}),
  });
  const { messages, daemonErrors, bytes } = result.summary;
  const lines = [
    `Bug report written to ${result.path}`,
    `  ${messages} messages, ${daemonErrors} recent daemon errors, ${bytes} bytes; secrets redacted. Review it before sharing.`,
  ];
  if (result.sent && !result.sendError)
    lines.push(`Sent to ${result.sent.url} (HTTP ${result.sent.status}).`);
  if (result.sendError) lines.push(result.sendError);
  return { lines, ok: result.sendError === null };
}

async function runBug(conn: BerthConnection, opts: { session?: string; message?: string; send?: boolean }) {
  const sessionId = opts.session ? await findSessionId(conn, opts.session) : undefined;
  const { lines, ok } = await bugReport(conn, {
    ...(sessionId ? { sessionId } : {}),
    description: opts.message ?? "",
    send: Boolean(opts.send),
  });
  process.stdout.write(`${lines.join("\n")}\n`);
  return ok ? 0 : 1;
}

export function registerPrivacyCommands(program: Command, run: Run): void {
  program
    .command("privacy")
    .description("each privacy switch, what decided it, and what data would leave the machine and where to")
    .option("--json", "machine-readable output")
    .action((opts) => run(withConn((c) => runPrivacy(c, Boolean(opts.json)))));
  program
    .command("bug")
    .description(
      "write a bug report (transcript, versions, settings origins, daemon errors; secrets redacted)",
    )
    .option("-s, --session <id>", "include this session's transcript")
    .option("-m, --message <text>", "what went wrong")
    .option("--send", "also send it to bugReportUrl from your settings")
    .action((opts) => run(withConn((c) => runBug(c, opts))));
}
