// How a session's age and size read in lists (the picker, `berth history prune`). Its own module
// so a command that only prints a list does not load the picker's key handling (and readline).

export function age(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

export function size(s: { messageCount: number; bytes?: number | undefined }): string {
  const kb = (s.bytes ?? 0) / 1024;
  const bytes = kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(kb))} KB`;
  return `${s.messageCount} msg · ${bytes}`;
}
