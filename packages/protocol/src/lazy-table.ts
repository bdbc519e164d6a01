/**
 * A table whose entries are built on first access. The method table holds a hundred-odd zod
 * schemas; building them all at import costs every short-lived client (`berth -p`, `berth
 * sessions`) milliseconds for methods it never calls, so each entry is a thunk run once, when
 * a caller first reads it. Reading every entry (`Object.entries`, docs) builds them all, as before.
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
