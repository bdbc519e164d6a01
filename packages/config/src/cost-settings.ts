// The settings that decide what model calls cost and how much may be spent: `spendLimits` and
// `modelPrices`. Three rules live here:
//   - a bad value is dropped on its own (file, key, line reported) so the rest of its file still
//     applies; a bad managed limit fails closed instead (see spendLimitsOf);
//   - across layers the LOWEST limit wins, so no file can raise a limit another file set, and
//     every ignored raise is reported;
//   - limits come out with the file that set them, for messages that name it.
import { type Diagnostic, diagnostic, formatDiagnostic, formatKeyPath } from "./diagnostics.js";
import type { Merged, MergeSource } from "./merge.js";
import type { Locator } from "./parse.js";
import { isPlainObject } from "./sanitize.js";
import { DEFAULT_WARN_AT_FRACTION, modelPriceSchema, spendLimitsSchema } from "./schema/index.js";
import type { LayerKind, OriginLayer, SettingsResult } from "./types.js";

export const LIMIT_KEYS = ["dailyUsd", "monthlyUsd", "sessionUsd"] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/** Drops invalid `spendLimits` fields and `modelPrices` entries from a file's value, in place. */
export function isolateCostSettings(
  value: Record<string, unknown>,
  file: string,
  locator: Locator,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const limits = value.spendLimits;
  if (limits !== undefined && !isPlainObject(limits)) {
    out.push(bad("invalid-spend-limit", file, locator, ["spendLimits"], "Expected an object of limits."));
    delete value.spendLimits;
  } else if (limits) {
    const fieldSchemas = spendLimitsSchema().shape;
    for (const key of Object.keys(fieldSchemas) as (keyof typeof fieldSchemas)[]) {
      if (limits[key] === undefined) continue;
      const parsed = fieldSchemas[key].safeParse(limits[key]);
      if (parsed.success) continue;
      const rule =
        key === "warnAtFraction" ? "a number above 0 and at most 1" : "a number of US dollars, 0 or more";
      const msg = `${JSON.stringify(limits[key])} is not ${rule}; this limit is ignored.`;
      out.push(bad("invalid-spend-limit", file, locator, ["spendLimits", key], msg));
      delete limits[key];
    }
  }
  const prices = value.modelPrices;
  if (prices !== undefined && !isPlainObject(prices)) {
    out.push(
      bad("invalid-price-entry", file, locator, ["modelPrices"], "Expected an object of model prices."),
    );
    delete value.modelPrices;
  } else if (prices) {
    for (const [model, entry] of Object.entries(prices)) {
      const parsed = modelPriceSchema().safeParse(entry);
      if (parsed.success) continue;
      const issue = parsed.error.issues[0];
      const path = ["modelPrices", model, ...(issue?.path ?? []).filter((p) => typeof p !== "symbol")];
      const msg = `${issue?.message ?? "Invalid price"}; the entry for ${model} is ignored.`;
      out.push(bad("invalid-price-entry", file, locator, path as (string | number)[], msg));
      delete prices[model];
    }
  }
  return out;
}

function bad(
  code: "invalid-spend-limit" | "invalid-price-entry",
  file: string,
  locator: Locator,
  path: (string | number)[],
  message: string,
): Diagnostic {
  return diagnostic(code, file, formatKeyPath(path), message, locator.position(path));
}

/** Replaces the merged limits with the lowest across all sources and reports every ignored raise. */
export function applyLowestSpendLimits(sources: readonly MergeSource[], merged: Merged): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of LIMIT_KEYS) {
    const entries = sources.flatMap((src) => {
      const v = isPlainObject(src.settings.spendLimits) ? src.settings.spendLimits[key] : undefined;
      return typeof v === "number" ? [{ src, usd: v }] : [];
    });
    if (entries.length === 0) continue;
    const winner = entries.reduce((low, e) => (e.usd < low.usd ? e : low));
    for (const e of entries) {
      if (e.usd <= winner.usd) continue;
      const path = ["spendLimits", key];
      out.push(
        diagnostic(
          "spend-limit-raise-ignored",
          e.src.source.path,
          formatKeyPath(path),
          `${e.usd} is ignored: ${winner.src.source.path} (${winner.src.source.kind}) sets ${winner.usd} and the lowest limit applies.`,
          e.src.locator.position(path),
        ),
      );
    }
    const limits = merged.settings.spendLimits as Record<string, unknown>;
    limits[key] = winner.usd;
    const origin = merged.origins.find((o) => o.key === `spendLimits.${key}`);
    if (origin)
      Object.assign(origin, {
        value: winner.usd,
        layer: winner.src.source.kind,
        file: winner.src.source.path,
      });
  }
  return out;
}

export interface SpendLimit {
  key: LimitKey;
  usd: number;
  layer: OriginLayer;
  /** The file that set it; null for defaults. */
  file: string | null;
}

export interface SpendLimits {
  limits: SpendLimit[];
  warnAtFraction: number;
  /** Set when managed policy has an invalid limit: every model call is refused (fail closed). */
  failure?: string;
}

/** The limits that apply to a session with these settings. */
export function spendLimitsOf(
  result: Pick<SettingsResult, "effective" | "diagnostics" | "files">,
): SpendLimits {
  const raw = isPlainObject(result.effective.spendLimits) ? result.effective.spendLimits : {};
  const limits: SpendLimit[] = [];
  for (const key of LIMIT_KEYS) {
    const usd = raw[key];
    if (typeof usd !== "number") continue;
    const origin = result.effective.origin(`spendLimits.${key}`);
    limits.push({ key, usd, layer: origin?.layer ?? "default", file: origin?.file ?? null });
  }
  const warn = typeof raw.warnAtFraction === "number" ? raw.warnAtFraction : DEFAULT_WARN_AT_FRACTION;
  const managed = new Set(
    result.files.filter((f) => f.layer === ("managed" satisfies LayerKind)).map((f) => f.path),
  );
  const broken = result.diagnostics.find((d) => d.code === "invalid-spend-limit" && managed.has(d.file));
  return {
    limits,
    warnAtFraction: warn,
    ...(broken
      ? {
          failure: `Managed policy has an invalid spend limit, so model calls are refused until it is fixed: ${formatDiagnostic(broken)}`,
        }
      : {}),
  };
}
