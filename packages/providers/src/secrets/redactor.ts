// The daemon's last line of defence for secrets: every secret value it holds (session
// credentials, an apiKeyHelper's output including earlier ones, AWS keys, header values)
// is replaced by a marker naming its variable wherever text leaves a tool, an error or a log.
// Sources are polled on each use, so a rotated helper key is masked from its first use, and
// every value seen stays masked for the daemon's life (an old key can still turn up in a
// file). Values live only in memory.

export interface NamedSecret {
  /** What the value is, for the marker and the warning: a variable name, never the value. */
  name: string;
  value: string;
}

export type SecretSource = () => Iterable<NamedSecret>;

/**
 * Values shorter than this are not masked: "test", "true" or a 4-digit PIN would turn
 * ordinary output into confetti, and a credential that short is not worth protecting here.
 */
export const MIN_REDACTED_SECRET_LENGTH = 8;
/** Bound on remembered values (helpers rotating every few minutes for weeks stay small). */
const MAX_REMEMBERED = 1000;

export function secretMarker(name: string): string {
  return `[REDACTED:${name}]`;
}

export interface Redaction {
  text: string;
  /** Names of the secrets that were found, each once. */
  names: string[];
}

/** Redacts a stream (tool output chunks) where a secret may be split across chunks. */
export interface StreamRedaction {
  push(chunk: string): Redaction;
  /** The held-back tail, redacted. */
  flush(): Redaction;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class SecretRedactor {
  readonly #sources = new Set<SecretSource>();
  /** value → name; insertion order is age, for the bound. */
  readonly #values = new Map<string, string>();
  #regex: RegExp | undefined;
  #longest = 0;

  /** Registers a source of secrets (a session's credentials); returns its removal. */
  addSource(source: SecretSource): () => void {
    this.#sources.add(source);
    return () => this.#sources.delete(source);
  }

  add(name: string, value: string | undefined | null): void {
    // Called for every held value on every poll: the common case (already known) stays cheap.
    if (typeof value !== "string" || this.#values.has(value)) return;
    for (const candidate of new Set([value, value.trim()])) {
      if (candidate.length < MIN_REDACTED_SECRET_LENGTH || this.#values.has(candidate)) continue;
      this.#values.set(candidate, name);
      this.#regex = undefined;
    }
    while (this.#values.size > MAX_REMEMBERED) {
      this.#values.delete(this.#values.keys().next().value as string);
    }
  }

  /** The names of every value currently masked (for diagnostics; never the values). */
  names(): string[] {
    this.#poll();
    return [...new Set(this.#values.values())];
  }

  redact(text: string): Redaction {
    const names = new Set<string>();
    return { text: this.#apply(this.#compiled(), text, names), names: [...names] };
  }

  /**
   * Redacts every string inside a JSON-like value (tool display data, session events). Sources
   * are polled once per call, and a value without secrets comes back as the same object.
   */
  redactDeep<T>(value: T): { value: T; names: string[] } {
    const regex = this.#compiled();
    const names = new Set<string>();
    if (!regex) return { value, names: [] };
    const walk = (v: unknown): unknown => {
      if (typeof v === "string") return this.#apply(regex, v, names);
      if (Array.isArray(v)) {
        const out = v.map(walk);
        return out.some((x, i) => x !== v[i]) ? out : v;
      }
      if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
        const entries = Object.entries(v);
        const out = entries.map(([k, x]) => [k, walk(x)] as const);
        return out.some(([, x], i) => x !== entries[i]?.[1]) ? Object.fromEntries(out) : v;
      }
      return v;
    };
    return { value: walk(value) as T, names: [...names] };
  }

  #apply(regex: RegExp | undefined, text: string, names: Set<string>): string {
    if (!regex || text.length === 0) return text;
    return text.replace(regex, (match) => {
      const name = this.#values.get(match) ?? "secret";
      names.add(name);
      return secretMarker(name);
    });
  }

  stream(): StreamRedaction {
    let pending = "";
    return {
      push: (chunk) => {
        const { text, names } = this.redact(pending + chunk);
        const hold = this.#heldBack(text);
        pending = text.slice(text.length - hold);
        return { text: text.slice(0, text.length - hold), names };
      },
      flush: () => {
        const rest = this.redact(pending);
        pending = "";
        return rest;
      },
    };
  }

  /** Length of the longest tail of `text` that could be the start of a secret. */
  #heldBack(text: string): number {
    const max = Math.min(this.#longest - 1, text.length);
    for (let k = max; k > 0; k--) {
      const tail = text.slice(text.length - k);
      for (const value of this.#values.keys()) if (value.startsWith(tail)) return k;
    }
    return 0;
  }

  #poll(): void {
    for (const source of this.#sources) {
      try {
        for (const { name, value } of source()) this.add(name, value);
      } catch {
        // A source that cannot answer right now (helper mid-rotation) keeps its earlier values.
      }
    }
  }

  #compiled(): RegExp | undefined {
    this.#poll();
    if (this.#regex || this.#values.size === 0) return this.#regex;
    // Longest first, so a secret that contains another is replaced whole.
    const values = [...this.#values.keys()].sort((a, b) => b.length - a.length);
    this.#longest = values[0]?.length ?? 0;
    this.#regex = new RegExp(values.map(escapeRegExp).join("|"), "g");
    return this.#regex;
  }
}
