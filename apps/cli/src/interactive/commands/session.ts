// Commands about this session and this terminal: leaving, switching, cost, the conversation's
// upkeep, model and mode, status and export.
import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { PermissionMode } from "@berth/protocol";
import { sessionEnvironment } from "../../connect";
import { statusText } from "../../commands/cost-format";
import { bugReport } from "../../commands/privacy";
import { style } from "../style";
import type { SlashCommand, SlashHost } from "./registry";

export const sessionCommands: SlashCommand[] = [
  {
    name: "exit",
    aliases: ["quit", "detach"],
    help: "detach; the session keeps running in the daemon",
    run: (host) => {
      host.detach();
      return "exit";
    },
  },
  {
    name: "resume",
    help: "pick another stored session and switch this terminal to it",
    run: (host) => {
      host.switchSession();
      return "exit";
    },
  },
  {
    name: "cost",
    help: "cost of this session, today and this month, and the spend limits",
    run: async (host) => {
      const status = await host.conn.request("cost/status", {
        cwd: process.cwd(),
        sessionId: host.sessionId,
      });
      host.line(statusText(status));
    },
  },
  {
    name: "compact",
    args: "[what to keep]",
    help: "summarise the older conversation to free context",
    run: async (host, args) => {
      const instructions = args.join(" ");
      await host.conn.request("session/compact", {
        sessionId: host.sessionId,
        ...(instructions ? { instructions } : {}),
      });
    },
  },
  {
    name: "clear",
    help: "start the conversation afresh (history keeps the old one)",
    run: async (host) => {
      await host.conn.request("session/clear", { sessionId: host.sessionId });
    },
  },
  {
    name: "mode",
    args: "[mode]",
    help: "show or set the permission mode (default, acceptEdits, plan)",
    run: async (host, args) => {
      const wanted = args[0];
      if (!wanted) return host.line(`Permission mode: ${host.mode}`);
      const mode = PermissionMode.safeParse(wanted);
      if (!mode.success)
        return host.line(
          style.yellow(`Unknown mode ${wanted}; one of ${PermissionMode.options.join(", ")}.`),
        );
      await host.setMode(mode.data);
    },
  },
  {
    name: "model",
    args: "[name]",
    help: "show the model, or switch this session to another one",
    run: async (host, args) => {
      if (args[0]) {
        // The daemon confirms with a notice in the session's events, seen by every attached client.
        await host.conn.request("session/setModel", { sessionId: host.sessionId, model: args[0] });
        return;
      }
      const { session } = await host.conn.request("session/get", { sessionId: host.sessionId });
      host.line(`Model: ${style.bold(session.model ?? "(chosen at the first message)")}`);
      host.line(
        style.dim("/model <name> switches this session; settings or --model choose it for new ones."),
      );
    },
  },
  {
    name: "status",
    help: "session, daemon, model, credential, trust and settings files",
    run: (host) => showStatus(host),
  },
  {
    name: "export",
    args: "[file]",
    help: "write this conversation as Markdown (default ./berth-<id>.md)",
    run: (host, args) => exportMarkdown(host, args.join(" ")),
  },
  {
    name: "bug",
    args: "[text]",
    help: "write a bug report for this session (sent only to your bugReportUrl)",
    run: async (host, args) => {
      const { lines } = await bugReport(host.conn, {
        sessionId: host.sessionId,
        description: args.join(" "),
        send: true,
      });
      host.line(lines.join("\n"));
    },
  },
];

async function showStatus(host: SlashHost): Promise<void> {
  const [{ session }, daemon] = await Promise.all([
    host.conn.request("session/get", { sessionId: host.sessionId }),
    host.conn.request("daemon/status", {}),
  ]);
  const [config, auth] = await Promise.all([
    host.conn.request("config/get", { cwd: session.cwd }),
    host.conn.request("auth/status", { cwd: session.cwd, env: sessionEnvironment() }),
  ]);
  const row = (label: string, value: string) => host.line(`${style.bold(label.padEnd(16))}${value}`);
  row("Session", `${session.id}${session.title ? ` · ${session.title}` : ""}`);
  row("Folder", session.cwd);
  row("Daemon", `pid ${daemon.pid}, version ${daemon.version}, protocol ${daemon.protocolVersion}`);
  row("Model", session.model ?? auth.model);
  row("Permission mode", session.permissionMode);
  // The label and fingerprint only: the secret never leaves the daemon.
  row(
    "Credential",
    auth.credential ? `${auth.provider}: ${auth.credential}` : style.yellow(auth.problem ?? "none"),
  );
  row("Trust", `${config.projectRoot} ${config.trusted ? "is trusted" : style.yellow("is not trusted")}`);
  const files = config.files.filter((f) => f.status !== "missing");
  row("Settings files", files.length ? "" : style.dim("none"));
  for (const f of files) host.line(`  ${f.layer.padEnd(13)} ${f.status.padEnd(10)} ${f.path}`);
}

async function exportMarkdown(host: SlashHost, target: string): Promise<void> {
  const path = resolve(target || `berth-${host.sessionId.slice(0, 8)}.md`);
  const file = createWriteStream(path, { mode: 0o600 });
  let cursor: string | undefined;
  let bytes = 0;
  try {
    // Chunk by chunk, as `berth history export` does: neither side holds the whole session.
    do {
      const chunk = await host.conn.request("history/export", {
        sessionId: host.sessionId,
        format: "markdown",
        ...(cursor ? { cursor } : {}),
      });
      bytes += Buffer.byteLength(chunk.data);
      if (!file.write(chunk.data)) await new Promise<void>((r) => file.once("drain", () => r()));
      cursor = chunk.nextCursor ?? undefined;
    } while (cursor);
  } finally {
    await new Promise<void>((done, fail) => file.end((err?: Error | null) => (err ? fail(err) : done())));
  }
  host.line(style.green(`Exported to ${path} (${bytes} bytes).`));
}
