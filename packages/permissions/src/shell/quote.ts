// Canonical quoting shared by command rendering and rule normalisation, so a rule written as
// `Bash(git commit -m "wip")` and the command `git commit -m 'wip'` render the same way.

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function canonicalQuote(value: string): string {
  if (value === "") return "''";
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, "'\\''")}'`;
}

export function isPlain(value: string): boolean {
  return PLAIN.test(value);
}
