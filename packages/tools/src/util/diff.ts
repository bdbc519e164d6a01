// A compact unified diff of an edit, for user interfaces (tool result `display`). Edits change one
// region (or a few, with replace_all), so trimming the common head and tail gives a single hunk
// without a general diff algorithm.

export interface DiffSnippet {
  /** Unified diff text: "@@ -a,b +c,d @@" then lines prefixed with " ", "-" or "+". */
  unified: string;
  /** First changed line (1-based) in the new file. */
  startLine: number;
  added: number;
  removed: number;
}

const CONTEXT = 3;
const MAX_LINES = 80;

export function diffSnippet(before: string, after: string): DiffSnippet {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const from = Math.max(0, head - CONTEXT);
  const lead = a.slice(from, head);
  const trail = a.slice(a.length - tail, Math.min(a.length, a.length - tail + CONTEXT));
  const body = [
    ...lead.map((l) => ` ${l}`),
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
    ...trail.map((l) => ` ${l}`),
  ];
  const shown =
    body.length > MAX_LINES
      ? [...body.slice(0, MAX_LINES), `... ${body.length - MAX_LINES} more lines`]
      : body;
  const oldCount = lead.length + removed.length + trail.length;
  const newCount = lead.length + added.length + trail.length;
  const header = `@@ -${from + 1},${oldCount} +${from + 1},${newCount} @@`;
  return {
    unified: [header, ...shown].join("\n"),
    startLine: head + 1,
    added: added.length,
    removed: removed.length,
  };
}
