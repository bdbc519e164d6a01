// Statements prepared on first use. Every prepared statement holds native memory (its compiled
// program inside SQLite) for as long as it lives, and the store declares some sixty-five: prepared
// up front they cost ~250 KB, resident in an idle daemon that runs only a handful of them (cost
// reports, retention, trust and forks may never run in a daemon's lifetime). Preparing on first
// read trades that for one compile the first time each statement is needed; the price is that
// a statement's SQL is checked when it first runs rather than at open, so tests must run each.

/** What lazyStatements returns: each maker's statement, under the maker's name. */
export type LazyStatements<T extends Record<string, () => unknown>> = {
  readonly [K in keyof T]: ReturnType<T[K]>;
};

/**
 * An object with one getter per maker: the first read calls the maker, later reads return the
 * same statement. The getters are defined once and never redefined, so the object keeps one
 * shape and reads stay cheap on the per-event write path. A maker that throws (SQL that does not
 * compile) throws on that read and is tried again on the next.
 */
export function lazyStatements<T extends Record<string, () => unknown>>(makers: T): LazyStatements<T> {
  const statements = {};
  for (const [name, make] of Object.entries(makers)) {
    let statement: unknown;
    Object.defineProperty(statements, name, {
      enumerable: true,
      get: () => {
        if (statement === undefined) statement = make();
        return statement;
      },
    });
  }
  return statements as LazyStatements<T>;
}
