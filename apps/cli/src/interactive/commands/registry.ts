// Slash commands as data: each group is a module exporting a list of entries, `/help` is
// generated from the entries, and an unknown name gets the closest known one. Adding a
// command is adding one entry to a group (or one group to ALL in index.ts).
import type { BerthConnection } from "@berth/client";
import type { PermissionMode } from "@berth/protocol";
import type { ContextCommands } from "../context-commands";

/** What a command may do to the terminal it runs in; implemented by the Repl. */
export interface SlashHost {
  readonly conn: BerthConnection;
  readonly sessionId: string;
  readonly mode: PermissionMode;
  readonly context: ContextCommands;
  /** A line of output above the prompt. */
  line(text: string): void;
  /** Sends a message to the model, as if typed. */
  send(text: string): Promise<void>;
  setMode(mode: PermissionMode): Promise<void>;
  detach(): void;
  /** Leaves this session (it keeps running) to pick another one for this terminal. */
  switchSession(): void;
}

export interface SlashCommand {
  name: string;
  aliases?: readonly string[];
  /** Shown after the name in /help, e.g. "[name]". */
  args?: string;
  help: string;
  /** "exit" when the prompt must not be redrawn (the terminal is leaving this session). */
  run(host: SlashHost, args: string[]): unknown;
}

export class SlashRegistry {
  private readonly byName = new Map<string, SlashCommand>();

  constructor(readonly commands: readonly SlashCommand[]) {
    for (const c of commands) {
      for (const n of [c.name, ...(c.aliases ?? [])]) {
        if (this.byName.has(n)) throw new Error(`Slash command /${n} is defined twice`);
        this.byName.set(n, c);
      }
    }
  }

  find(name: string): SlashCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The closest command name, if it is close enough to be a plausible typo. */
  suggest(name: string): string | undefined {
    const typed = name.toLowerCase();
    let best: { name: string; d: number } | undefined;
    for (const known of this.byName.keys()) {
      // A prefix ("/perm") is the strongest hint; otherwise the fewest edits.
      const d = known.startsWith(typed) && typed.length > 0 ? 0.5 : editDistance(typed, known);
      if (!best || d < best.d || (d === best.d && known < best.name)) best = { name: known, d };
    }
    // Allow about one edit per three letters: "/hepl" → /help, but "/xyz" suggests nothing.
    if (!best || best.d > Math.max(1, Math.floor(typed.length / 3))) return undefined;
    return best.name;
  }

  /** `/help`: one line per command, generated so the list can never drift from what runs. */
  help(): string[] {
    const heads = this.commands.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ""}`);
    const width = Math.max(...heads.map((h) => h.length)) + 2;
    return this.commands.map((c, i) => {
      const aliases = c.aliases?.length ? ` (also ${c.aliases.map((a) => `/${a}`).join(", ")})` : "";
      return `${(heads[i] ?? "").padEnd(width)}${c.help}${aliases}`;
    });
  }

  /** Command names starting with `prefix`, for Tab after a `/`. */
  complete(prefix: string): string[] {
    return this.commands.map((c) => c.name).filter((n) => n.startsWith(prefix.toLowerCase()));
  }
}

/**
 * Edit distance counting a swap of neighbours as one edit ("hepl" is one slip from "help"); the
 * names are short, so the plain dynamic programme is plenty.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      row[j] = d;
    }
    before = prev;
    prev = row;
  }
  return prev[b.length] ?? 0;
}
