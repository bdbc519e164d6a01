// Formats cost reports for the terminal: a table with totals, CSV, a bar chart by day, and the
// `/cost` summary. Requests to models without a known price show their tokens and "price
// unknown" instead of a cost, so they are never mistaken for free.
import type { CostFigures, CostRow, ResultOf, SpendLimitState } from "@berth/protocol";

type Report = ResultOf<"cost/report">;

const COLUMNS = ["requests", "input", "output", "cache write", "cache read", "cost"] as const;

export function usd(n: number): string {
  return `$${n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 4 : 2)}`;
}

/** "$1.20", "price unknown", or "$1.20 + 3 unpriced" when some requests had no price. */
export function costCell(f: CostFigures): string {
  if (f.unpricedRequests === 0) return usd(f.costUsd);
  if (f.unpricedRequests === f.requests) return "price unknown";
  return `${usd(f.costUsd)} + ${f.unpricedRequests} unpriced`;
}

const int = (n: number) => n.toLocaleString("en-US");

function cells(f: CostFigures): string[] {
  return [
    int(f.requests),
    int(f.inputTokens),
    int(f.outputTokens),
    int(f.cacheCreationInputTokens),
    int(f.cacheReadInputTokens),
    costCell(f),
  ];
}

export function keyText(row: CostRow, by: string): string {
  if (by === "key") return row.key ? `${row.key} (${row.label ?? "unknown source"})` : "(no credential id)";
  if (row.key === null) return by === "session" ? "(deleted or unsaved)" : "(none)";
  return row.key;
}

export function reportTable(report: Report, by: string): string {
  const header = [by === "key" ? "key (fingerprint, source)" : by, ...COLUMNS];
  const body = report.rows.map((row) => [keyText(row, by), ...cells(row)]);
  const total = ["total", ...cells(report.total)];
  const rows = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...body.map(line), rule, line(total)].join("\n");
}

const BAR_WIDTH = 40;

/** One bar per day, scaled to the most expensive day. */
export function dayChart(report: Report): string {
  const max = Math.max(0, ...report.rows.map((r) => r.costUsd));
  return report.rows
    .map((r) => {
      const cells = max > 0 ? Math.round((r.costUsd / max) * BAR_WIDTH) : 0;
      const bar = "█".repeat(r.costUsd > 0 ? Math.max(1, cells) : 0);
      return `${r.key ?? ""}  ${bar.padEnd(BAR_WIDTH)}  ${costCell(r)}`;
    })
    .join("\n");
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function reportCsv(report: Report, by: string): string {
  const header = [
    by,
    "label",
    "requests",
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cost_usd",
    "unpriced_requests",
  ];
  const row = (key: string | null, label: string | null, f: CostFigures) =>
    [
      key,
      label,
      f.requests,
      f.inputTokens,
      f.outputTokens,
      f.cacheCreationInputTokens,
      f.cacheReadInputTokens,
      f.costUsd,
      f.unpricedRequests,
    ]
      .map(csvCell)
      .join(",");
  return [
    header.join(","),
    ...report.rows.map((r) => row(r.key, r.label, r)),
    row("total", null, report.total),
  ].join("\n");
}

function figuresLine(name: string, f: CostFigures): string {
  return (
    `${name.padEnd(13)}${costCell(f).padStart(12)}  ${int(f.requests)} requests · ${int(f.inputTokens)} in / ` +
    `${int(f.outputTokens)} out · cache ${int(f.cacheCreationInputTokens)} written / ${int(f.cacheReadInputTokens)} read`
  );
}

function limitLine(l: SpendLimitState): string {
  const pct = l.usd > 0 ? ` (${Math.floor((l.spentUsd / l.usd) * 100 + 1e-9)}%)` : "";
  return `${l.key.padEnd(13)}${usd(l.spentUsd).padStart(12)} of ${usd(l.usd)}${pct} · set in ${l.file ?? l.layer}`;
}

/** `/cost`: this session, today, this month, and the limits that apply. */
export function statusText(status: ResultOf<"cost/status">): string {
  const lines = [
    ...(status.session ? [figuresLine("this session", status.session)] : []),
    figuresLine("today", status.today),
    figuresLine("this month", status.month),
  ];
  if (status.limits.length === 0) lines.push("No spend limits apply (spendLimits in settings).");
  else lines.push(...status.limits.map(limitLine));
  if (status.refusal) lines.push(status.refusal);
  return lines.join("\n");
}
