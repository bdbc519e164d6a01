// Reading numeric limits from the session environment (BASH_DEFAULT_TIMEOUT_MS and friends).

/** An integer from `env[name]`, clamped to [min, max]; `fallback` when unset or not a number. */
export function envInt(
  env: Record<string, string> | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env?.[name]?.trim();
  const value = raw ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
