/**
 * A table whose entries are built on first access. The method table holds a hundred-odd zod
 * schemas; building them all at import costs every short-lived client (`berth -p`, `berth
 * sessions`) milliseconds for methods it never calls, so each entry is a thunk run once, when
 * a caller first reads it (the store's prepared statements use it too, via the
 * `@berth/protocol/lazy-table` subpath). A thunk that throws is run again on the next read.
 * Reading every entry (`Object.entries`, docs) builds them all, as before.
 */
export type LazyTable<T extends Record<string, () => unknown>> = {
  readonly [K in keyof T]: ReturnType<T[K]>;
};

export function lazyTable<T extends Record<string, () => unknown>>(thunks: T): LazyTable<T> {
  const table = {} as LazyTable<T>;
  for (const key of Object.keys(thunks)) {
    let built: unknown;
    let done = false;
    Object.defineProperty(table, key, {
      enumerable: true,
      get() {
        if (!done) {
          built = (thunks[key] as () => unknown)();
          done = true;
        }
        return built;
      },
    });
  }
  return Object.freeze(table);
}

/**
 * One schema built on first use, then kept: `X()` in place of `X`. For shapes that only some
 * methods use (`methods-*.ts`), so importing the protocol does not build them all (issue #13:
 * building zod schemas is most of what loading the protocol costs a short-lived client).
 */
export function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      built = build();
      done = true;
    }
    return built as T;
  };
}
