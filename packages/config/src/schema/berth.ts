// Berth additions that Claude Code does not have.
import { z } from "zod";

const usd = (what: string) =>
  z
    .number()
    .min(0)
    .describe(`${what} in US dollars. At the limit further model calls are refused; 0 refuses every call.`)
    .optional();

export const spendLimitsSchema = z
  .looseObject({
    dailyUsd: usd("Spend limit per calendar day (local time)"),
    monthlyUsd: usd("Spend limit per calendar month (local time)"),
    sessionUsd: usd("Spend limit per session"),
    warnAtFraction: z
      .number()
      .gt(0)
      .max(1)
      .describe("Warn when spend reaches this fraction of a limit (default 0.8).")
      .optional(),
  })
  .describe(
    "(Berth) Spend limits for model calls, computed from the local cost ledger. Merged per field, highest file " +
      "wins, so managed policy limits cannot be raised by other files. Ignored from untrusted project files.",
  );

export const DEFAULT_WARN_AT_FRACTION = 0.8;

export const bugReportUrlSchema = z
  .url({ protocol: /^https?$/ })
  .describe(
    "(Berth) Where `/bug` and `berth bug --send` upload a report (an HTTP(S) endpoint of your team's). Without it " +
      "reports are only written to a local file. Read from managed policy and the user settings file only, so a " +
      "repository cannot choose where your transcripts go. Disabled by DISABLE_BUG_COMMAND and the non-essential " +
      "traffic switch.",
  );
