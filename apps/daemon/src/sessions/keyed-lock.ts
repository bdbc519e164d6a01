/**
 * Runs async work one at a time per key. Requests on one session (resume, close, delete) from
 * different connections would otherwise interleave at their await points: two clients resuming
 * the same stored session at once must load it once, not twice.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      // Forget the key once nothing is queued behind this run, so the map stays small.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
