import { createWriteStream, type WriteStream } from "node:fs";
import { resolve } from "node:path";
import type { BerthConnection } from "@berth/client";
import type { RetentionIntent } from "@berth/protocol";
import type { Command } from "commander";
import { Option } from "commander";
import { connectOrStart } from "../connect";
import { age, size } from "../interactive/session-format";
import { style } from "../interactive/style";
import { findSessionId } from "./resume-target";

type Run = (task: Promise<number>) => Promise<void>;

/** `berth history search|export|delete|prune|title`. */
export function registerHistoryCommands(program: Command, run: Run): void {
  const history = program
    .command("history")
    .description("search, export, title and delete stored sessions; retention (prune)");
  history
    .command("search")
    .description("full-text search over every stored message, best match first")
    .argument("<text...>")
    .option("--here", "only sessions started in this folder")
    .option("--limit <n>", "how many hits", (v) => Number.parseInt(v, 10), 20)
    .option("--json", "machine-readable output")
    .action((words: string[], opts) => run(withConn((c) => search(c, words.join(" "), opts))));
  history
    .command("export")
    .description("write a session as JSONL (one message per line) or Markdown")
    .argument("<session-id>")
    .addOption(
      new Option("--format <format>", "output format").choices(["jsonl", "markdown"]).default("jsonl"),
    )
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action((id: string, opts) => run(withConn((c) => exportSession(c, id, opts))));
  history
    .command("delete")
    .description("delete a session, a folder's sessions (--folder) or all of them (--all)")
    .argument("[session-id]")
    .option("--folder [path]", "every session started in this folder (default: the current one)")
    .option("--all", "every stored session")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--force", "also delete sessions loaded in the daemon (they are closed)")
    .action((id: string | undefined, opts) => run(withConn((c) => deleteHistory(c, id, opts))));
  history
    .command("prune")
    .description("delete sessions older than cleanupPeriodDays now (--dry-run lists them)")
    .option("--dry-run", "only list what would be deleted")
    .option("--json", "machine-readable output")
    // A dry run must not start the sweep it previews (the daemon it starts defers it).
    .action((opts) => run(withConn((c) => prune(c, opts), opts.dryRun ? "defer" : "sweep")));
  history
    .command("title")
    .description("set a session's title (no title clears it)")
    .argument("<session-id>")
    .argument("[title...]")
    .action((id: string, words: string[]) => run(withConn((c) => setTitle(c, id, words.join(" ")))));
}

export async function withConn(
  task: (conn: BerthConnection) => Promise<number>,
  retention?: RetentionIntent,
): Promise<number> {
  const conn = await connectOrStart(retention);
  try {
    return await task(conn);
  } finally {
    await conn.close();
  }
}

async function search(
  conn: BerthConnection,
  query: string,
  opts: { here?: boolean; limit: number; json?: boolean },
): Promise<number> {
  const tty = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const { hits } = await conn.request("history/search", {
    query,
    limit: Math.max(1, Math.min(200, opts.limit || 20)),
    ...(opts.here ? { cwd: process.cwd() } : {}),
    ...(tty ? { highlight: ["\x1b[1;33m", "\x1b[0m"] as [string, string] } : {}),
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
    return 0;
  }
  if (hits.length === 0) {
    process.stdout.write(`No stored message matches "${query}".\n`);
    return 1;
  }
  for (const hit of hits) {
    const head = `${style.bold(hit.sessionId)} ${style.dim(`#${hit.idx} · ${hit.cwd}`)}${hit.title ? ` ${hit.title}` : ""}`;
    process.stdout.write(`${head}\n  ${hit.snippet.replace(/\s+/g, " ")}\n`);
  }
  return 0;
}

async function exportSession(
  conn: BerthConnection,
  idOrPrefix: string,
  opts: { format: "jsonl" | "markdown"; output?: string },
): Promise<number> {
  const sessionId = await findSessionId(conn, idOrPrefix);
  const file: WriteStream | undefined = opts.output ? createWriteStream(resolve(opts.output)) : undefined;
  const sink: NodeJS.WritableStream = file ?? process.stdout;
  let cursor: string | undefined;
  let bytes = 0;
  // Chunk by chunk: neither the daemon nor this process holds the whole session.
  do {
    const chunk = await conn.request("history/export", {
      sessionId,
      format: opts.format,
      ...(cursor ? { cursor } : {}),
    });
    bytes += Buffer.byteLength(chunk.data);
    if (!sink.write(chunk.data)) await new Promise<void>((r) => sink.once("drain", () => r()));
    cursor = chunk.nextCursor ?? undefined;
  } while (cursor);
  if (file) {
    await new Promise<void>((done, fail) => file.end((err?: Error | null) => (err ? fail(err) : done())));
    process.stderr.write(`Wrote ${sessionId} to ${resolve(opts.output as string)} (${bytes} bytes).\n`);
  }
  return 0;
}

async function deleteHistory(
  conn: BerthConnection,
  id: string | undefined,
  opts: { folder?: string | true; all?: boolean; yes?: boolean; force?: boolean },
): Promise<number> {
  const targets = [id !== undefined, opts.folder !== undefined, opts.all === true].filter(Boolean).length;
  if (targets !== 1) {
    process.stderr.write("berth: give exactly one of <session-id>, --folder [path] or --all.\n");
    return 2;
  }
  let what: string;
  let params: { sessionId: string } | { cwd: string } | { all: true };
  if (id !== undefined) {
    const sessionId = await findSessionId(conn, id);
    const { session } = await conn.request("session/get", { sessionId });
    what = `session ${sessionId}${session.title || session.firstPrompt ? ` (${session.title ?? session.firstPrompt})` : ""}`;
    params = { sessionId };
  } else if (opts.folder !== undefined) {
    const cwd = resolve(opts.folder === true ? process.cwd() : opts.folder);
    what = `every stored session started in ${cwd}`;
    params = { cwd };
  } else {
    what = "EVERY stored session, in every folder";
    params = { all: true };
  }
  if (!opts.yes && !(await confirm(`Delete ${what}? This cannot be undone. [y/N] `))) {
    process.stderr.write("Nothing deleted.\n");
    return 1;
  }
  const result = await conn.request("history/delete", { ...params, force: Boolean(opts.force) });
  process.stdout.write(
    `Deleted ${result.removedSessions} session${result.removedSessions === 1 ? "" : "s"}.\n`,
  );
  for (const s of result.skipped) {
    process.stdout.write(`Kept ${s.sessionId}: ${s.reason} (close it, or use --force).\n`);
  }
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new Error("Refusing to delete without confirmation: run it in a terminal, or pass --yes.");
  }
  // Loaded here, not at start-up: every command registers this file's commands.
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function prune(conn: BerthConnection, opts: { dryRun?: boolean; json?: boolean }): Promise<number> {
  const result = await conn.request("history/prune", { dryRun: Boolean(opts.dryRun), limit: 200 });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const period = `cleanupPeriodDays ${result.cleanupPeriodDays} (${result.source})`;
  for (const problem of result.problems) process.stderr.write(`berth: warning: ${problem}\n`);
  if (!result.dryRun) {
    const s = result.sweep;
    process.stdout.write(
      `Removed ${result.count} session${result.count === 1 ? "" : "s"} inactive for more than ${result.cleanupPeriodDays} days` +
        `${s ? ` (${s.removedEvents} events, ${s.removedMessages} messages)` : ""}; ${period}.\n`,
    );
    return 0;
  }
  if (result.count === 0) {
    process.stdout.write(
      `Nothing to prune: no session inactive for more than ${result.cleanupPeriodDays} days; ${period}.\n`,
    );
    return 0;
  }
  process.stdout.write(
    `${result.count} session${result.count === 1 ? "" : "s"} would be deleted; ${period}:\n`,
  );
  for (const s of result.sessions) {
    const title = (s.title ?? s.firstPrompt ?? "").replace(/\s+/g, " ").slice(0, 60);
    process.stdout.write(
      `  ${s.id}  ${age(s.updatedAt).padEnd(8)} ${size(s).padEnd(20)} ${s.cwd}  ${title}\n`,
    );
  }
  if (result.count > result.sessions.length) {
    process.stdout.write(`  … and ${result.count - result.sessions.length} more\n`);
  }
  return 0;
}

async function setTitle(conn: BerthConnection, idOrPrefix: string, title: string): Promise<number> {
  const sessionId = await findSessionId(conn, idOrPrefix);
  const { session } = await conn.request("session/setTitle", { sessionId, title: title.trim() || null });
  process.stdout.write(
    session.title ? `Titled ${sessionId}: ${session.title}\n` : `Cleared the title of ${sessionId}.\n`,
  );
  return 0;
}
