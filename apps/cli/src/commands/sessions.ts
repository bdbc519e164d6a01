import type { SessionInfo } from "@berth/protocol";
import { connectOrStart } from "../connect";

function age(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

export function formatSessions(sessions: SessionInfo[]): string {
  if (sessions.length === 0) return "No sessions yet. Start one with `berth`.\n";
  const rows = sessions.map((s) => [
    s.id,
    s.live ? (s.attachedClients > 0 ? `live (${s.attachedClients} attached)` : "live") : s.status,
    age(s.updatedAt),
    s.cwd,
    (s.title ?? s.firstPrompt ?? "").replace(/\s+/g, " ").slice(0, 50),
  ]);
  const header = ["ID", "STATE", "ACTIVE", "FOLDER", "FIRST PROMPT"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return `${[fmt(header), ...rows.map(fmt)].join("\n")}\n`;
}

export async function runSessions(options: { json: boolean; all: boolean; limit: number }): Promise<number> {
  const conn = await connectOrStart();
  try {
    const { sessions } = await conn.request("session/list", {
      limit: options.limit,
      ...(options.all ? {} : { cwd: process.cwd() }),
    });
    process.stdout.write(options.json ? `${JSON.stringify(sessions, null, 2)}\n` : formatSessions(sessions));
    return 0;
  } finally {
    await conn.close();
  }
}
