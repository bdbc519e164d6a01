// Berth additions that Claude Code does not have.
import { z } from "zod";
import { lazy } from "./lazy.js";

const usd = (what: string) =>
  z
    .number()
    .min(0)
    .describe(`${what} in US dollars. At the limit further model calls are refused; 0 refuses every call.`)
    .optional();

export const spendLimitsSchema = lazy(() =>
  z
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
    ),
);

export const DEFAULT_WARN_AT_FRACTION = 0.8;

const perMillion = (what: string) => z.number().min(0).describe(`${what}, US dollars per million tokens.`);

const priceRates = lazy(() => ({
  input: perMillion("Input tokens"),
  output: perMillion("Output tokens"),
  cacheWrite5m: perMillion("5-minute cache writes (default 1.25x input)").optional(),
  cacheWrite1h: perMillion("1-hour cache writes (default 2x input)").optional(),
  cacheRead: perMillion("Cache reads (default 0.1x input)").optional(),
}));

export const modelPriceSchema = lazy(() =>
  z
    .strictObject({
      ...priceRates(),
      longContext: z
        .strictObject({
          ...priceRates(),
          aboveInputTokens: z
            .number()
            .int()
            .positive()
            .describe("These rates apply above this many prompt tokens."),
        })
        .optional(),
    })
    .describe("Prices of one model."),
);

export const modelPricesSchema = lazy(() =>
  z
    .record(z.string().min(1), modelPriceSchema())
    .describe(
      "(Berth) Prices per model id (negotiated prices, a gateway's own model names), US dollars per million tokens. " +
        "Checked before the built-in price table. Ignored from untrusted project files.",
    ),
);

export const bugReportUrlSchema = lazy(() =>
  z
    .url({ protocol: /^https?$/ })
    .describe(
      "(Berth) Where `/bug` and `berth bug --send` upload a report (an HTTP(S) endpoint of your team's). Without it " +
        "reports are only written to a local file. Read from managed policy and the user settings file only, so a " +
        "repository cannot choose where your transcripts go. Disabled by DISABLE_BUG_COMMAND and the non-essential " +
        "traffic switch.",
    ),
);
