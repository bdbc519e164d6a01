// Crash consistency: a writer process is SIGKILLed mid-stream; the database must reopen intact,
// with last_seq equal to the events actually stored, gap-free, and nothing it reported lost.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { APPEND_SQL } from "./events.js";
import { useTempStores } from "./test-helpers.js";

const { tempStore, open } = useTempStores();
const FIXTURE = fileURLToPath(new URL("../test-fixtures/crash-writer.mjs", import.meta.url));

/** Resolves with the last seq the child reported once it has reported at least `atLeast`. */
function runUntil(child: ChildProcess, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    let last = 0;
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    child.stdout?.on("data", (d) => {
      buffered += String(d);
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) last = Math.max(last, Number(line));
      if (last >= atLeast) resolve(last);
    });
    child.on("exit", (code, signal) => {
      if (last < atLeast) reject(new Error(`writer exited early (${code ?? signal}): ${stderr}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("crash consistency", () => {
  it("survives kill -9 of a writer in the middle of appends", async () => {
    const { store, path } = tempStore();
    const id = store.createSession({ cwd: "/w" }).id;
    store.close();

    let reported = 0;
    for (const target of [1500, 4000, 9000]) {
      const child = spawn(process.execPath, [FIXTURE, path, id, JSON.stringify(APPEND_SQL)], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      reported = await runUntil(child, target);
      await killed(child);

      const reopened = open(path);
      expect(reopened.integrityCheck()).toEqual(["ok"]);
      const lastSeq = reopened.lastSeq(id) as number;
      expect(lastSeq).toBeGreaterThanOrEqual(reported);
      let expected = 1;
      for (let after = 0; ; ) {
        const page = reopened.eventsAfter(id, after, 1000);
        if (page.length === 0) break;
        for (const e of page) expect(e.seq).toBe(expected++);
        after = page[page.length - 1]?.seq as number;
      }
      expect(expected - 1).toBe(lastSeq);
      // The store carries on from where the dead writer stopped.
      expect(reopened.appendEvent(id, "after-crash", {}).seq).toBe(lastSeq + 1);
      reopened.close();
    }
  });
});
