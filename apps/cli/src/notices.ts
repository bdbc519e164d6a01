import type { BerthConnection } from "@berth/client";
import type { DaemonNotice } from "@berth/protocol";

/**
 * Daemon notices (what a retention sweep removed, a rejected setting, a store that cannot be
 * written) as one line each on stderr, so they never mix with print-mode output on stdout:
 * those the daemon kept for the next client, then any that arrive while this command runs.
 */
export function showNotices(
  conn: BerthConnection,
  write = (line: string) => process.stderr.write(line),
): void {
  const seen = new Set<string>();
  const show = (notice: DaemonNotice) => {
    const line = oneLine(notice);
    if (seen.has(line)) return;
    seen.add(line);
    write(`${line}\n`);
  };
  for (const notice of conn.notices) show(notice);
  conn.onNotification("daemon/notice", show);
}

function oneLine(notice: DaemonNotice): string {
  const prefix = notice.level === "info" ? "berth:" : `berth: ${notice.level}:`;
  return `${prefix} ${notice.message.replace(/\s+/g, " ").trim()}`;
}
