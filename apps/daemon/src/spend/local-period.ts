// Calendar periods for spend limits, in the daemon's local time zone (a user's day and month,
// not UTC's). Computed from the clock on every call, so a clock or time-zone change rolls the
// period at the next check.

export interface LocalPeriods {
  /** Epoch ms of local midnight today. */
  dayStart: number;
  /** 'YYYY-MM-DD' (local). */
  dayKey: string;
  /** Epoch ms of local midnight tomorrow (not always 24 h away: daylight saving). */
  dayEnd: number;
  /** Epoch ms of local midnight on the 1st of this month. */
  monthStart: number;
  /** 'YYYY-MM' (local). */
  monthKey: string;
  monthEnd: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function localPeriods(now: number): LocalPeriods {
  const d = new Date(now);
  const y = d.getFullYear();
  const m = d.getMonth();
  const monthKey = `${y}-${pad(m + 1)}`;
  return {
    dayStart: new Date(y, m, d.getDate()).getTime(),
    dayKey: `${monthKey}-${pad(d.getDate())}`,
    dayEnd: new Date(y, m, d.getDate() + 1).getTime(),
    monthStart: new Date(y, m, 1).getTime(),
    monthKey,
    monthEnd: new Date(y, m + 1, 1).getTime(),
  };
}

/** The local calendar days from the one holding `since` up to the one holding `until - 1`. */
export function localDays(since: number, until: number): { key: string; start: number; end: number }[] {
  const days: { key: string; start: number; end: number }[] = [];
  let p = localPeriods(since);
  while (p.dayStart < until) {
    days.push({ key: p.dayKey, start: p.dayStart, end: p.dayEnd });
    p = localPeriods(p.dayEnd);
  }
  return days;
}
