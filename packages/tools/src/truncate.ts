// The one place tool output is cut down. Middle truncation keeps the start (what the command was
// doing) and the end (how it finished: errors, summaries), which is what the model needs most.

function note(omitted: number): string {
  return `\n\n... [${omitted} characters truncated] ...\n\n`;
}

/**
 * Returns `text` unchanged when it fits, otherwise its head and tail joined by a note saying how
 * many characters were dropped; the result is at most `maxChars` long (when `maxChars` leaves room
 * for the note). `alreadyOmitted` counts characters dropped before this call (see OutputCollector).
 */
export function truncateMiddle(text: string, maxChars: number, alreadyOmitted = 0): string {
  const max = Math.max(0, Math.floor(maxChars));
  if (text.length <= max && alreadyOmitted === 0) return text;
  if (text.length <= max) {
    // The caller already dropped the middle; just say so at the midpoint.
    const half = Math.floor(text.length / 2);
    return text.slice(0, half) + note(alreadyOmitted) + text.slice(half);
  }
  // Reserve room for the note (its digits included) so the whole result respects the limit.
  const reserve = note(text.length + alreadyOmitted).length;
  const keep = Math.max(0, max - reserve);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  const omitted = text.length - keep + alreadyOmitted;
  return text.slice(0, head) + note(omitted) + (tail > 0 ? text.slice(text.length - tail) : "");
}

/**
 * Collects streamed output in bounded memory: the first and last `limit` characters are kept and
 * the middle is counted, so a command printing gigabytes cannot exhaust the daemon. `finish`
 * hands the rest to truncateMiddle.
 */
export class OutputCollector {
  private head = "";
  private tail = "";
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: string): void {
    if (this.head.length < this.limit) {
      const room = this.limit - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (!chunk) return;
    this.tail += chunk;
    if (this.tail.length > this.limit) {
      const excess = this.tail.length - this.limit;
      this.dropped += excess;
      this.tail = this.tail.slice(excess);
    }
  }

  /** Everything kept so far; `dropped` characters are missing between head and tail. */
  snapshot(): { text: string; dropped: number } {
    return { text: this.head + this.tail, dropped: this.dropped };
  }
}
