/**
 * A value built on its first call and kept. The settings schemas are a few hundred zod objects;
 * built at import they cost every process that loads @berth/config (the daemon before it listens,
 * ~20 ms, and its idle heap) even when no settings file is ever read.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
