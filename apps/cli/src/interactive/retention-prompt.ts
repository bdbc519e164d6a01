import type { BerthConnection } from "@berth/client";
import { style } from "./style";
import { readKey } from "./trust-prompt";

/**
 * When cleanupPeriodDays was lowered so far that the daemon's sweep would delete many sessions at
 * once, the daemon holds the sweep and the first interactive client asks the user. Declining keeps
 * everything until the daemon next starts.
 */
export async function confirmHeldSweep(conn: BerthConnection): Promise<void> {
  const held = conn.retentionConfirmation;
  if (!held) return;
  const was = held.previousDays === null ? "" : ` (was ${held.previousDays})`;
  process.stdout.write(
    [
      style.yellow(
        `cleanupPeriodDays is now ${held.cleanupPeriodDays}${was}, set in ${held.source}: the retention sweep would delete ${held.count} sessions inactive for longer than that.`,
      ),
      "`berth history prune --dry-run` lists them.",
      `${style.bold("[y]")} delete them now  ${style.bold("[n]")} keep everything for now (you will be asked again when the daemon restarts)`,
      "",
    ].join("\n"),
  );
  const answer = await readKey(["y", "n", "\u0003"]);
  if (answer === "\u0003") process.exit(130);
  const { sweep } = await conn.request("history/confirmSweep", { approve: answer === "y" });
  process.stdout.write(
    sweep
      ? style.green(`Removed ${sweep.removedSessions} sessions.\n`)
      : style.dim("Kept; nothing was deleted.\n"),
  );
}
