// Table lookups keyed by untrusted strings (program names, tool names): `constructor` or
// `__proto__` must not find Object.prototype members.
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
