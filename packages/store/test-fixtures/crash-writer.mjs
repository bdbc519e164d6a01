// Crash-consistency fixture: appends events to one session in a tight loop, with the store's own
// SQL (passed in by the test) and the store's pragmas, until the test kills it with SIGKILL.
// Plain node cannot run the workspace's TypeScript, hence better-sqlite3 directly.
// Usage: node crash-writer.mjs <db path> <session id> <JSON {bump, insert}>
import Database from "better-sqlite3";

const [path, sessionId, sqlJson] = process.argv.slice(2);
const sql = JSON.parse(sqlJson);
const db = new Database(path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("wal_autocheckpoint = 1000");

const bump = db.prepare(sql.bump);
const insert = db.prepare(sql.insert);
const filler = "x".repeat(400);

const append = db.transaction((count) => {
  const now = Date.now();
  const payloads = Array.from({ length: count }, (_, i) => JSON.stringify({ i, filler }));
  const bytes = payloads.reduce((sum, p) => sum + p.length, 0);
  const row = bump.get({ n: count, now, bytes, id: sessionId });
  let seq = row.last_seq - count;
  for (const payload of payloads) insert.run(sessionId, ++seq, "delta", payload, now);
  return row.last_seq;
});

for (let round = 0; ; round++) {
  // Mix single appends and batches, as the daemon does.
  const last = append.immediate(1 + (round % 5));
  // Reported only after the commit returned: everything up to here must survive the kill.
  if (round % 20 === 0) process.stdout.write(`${last}\n`);
}
