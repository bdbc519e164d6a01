// Polling for conditions that become true asynchronously (a file appears, a daemon accepts
// connections). Resolves with the predicate's first truthy value so callers can wait *for*
// something rather than wait and then fetch it again.
export interface WaitForOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Default 25 ms. */
  intervalMs?: number;
  /** Included in the timeout error, e.g. "daemon socket to appear". */
  description?: string;
}

export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      // A predicate that throws (file not there yet, connection refused) just means "not yet".
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ? ` for ${options.description}` : "";
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
      throw new Error(`waitFor: timed out after ${timeoutMs} ms${what}${cause}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
