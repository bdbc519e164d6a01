// The short CI versions of the soak, model-fault and crash runs (the long ones: scripts/soak/README.md).
// Each script checks its own invariants and exits non-zero with a `failures` list; here they run
// small, and the figures they report are checked as well.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

function runScript(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; result: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, name)], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.once("error", reject);
    child.once("close", (code) => {
      try {
        resolve({ code, result: JSON.parse(out.trimEnd().split("\n").at(-1) ?? "") });
      } catch {
        reject(
          new Error(
            `${name} exited ${code} without a result line.\nstdout: ${out.slice(-2000)}\nstderr: ${err.slice(-2000)}`,
          ),
        );
      }
    });
  });
}

describe("soak, faults and crashes (short CI versions)", () => {
  it("model faults: each has a stable code, the expected retries, and a history that goes on", async () => {
    const { code, result } = await runScript("model-faults.mjs", { FAULTS_IDLE_TIMEOUT_MS: "1000" });
    expect(result.failures).toEqual([]);
    expect(code).toBe(0);
    const byName = Object.fromEntries(
      (result.results as Array<{ scenario: string; attempts: number; userSees: { code: string } }>).map(
        (r) => [r.scenario, r],
      ),
    );
    // The SDK's own retries (maxRetries 2): three attempts for a storm, one for a broken stream.
    expect(byName["429 storm, retry-after 1 s"]?.attempts).toBe(3);
    expect(byName["529 storm, no retry-after"]?.attempts).toBe(3);
    expect(byName["mid-stream disconnect"]?.attempts).toBe(1);
    expect(byName["401 that persists after a helper refresh"]).toMatchObject({ attempts: 2, helperRuns: 2 });
    expect(result.integrityCheck).toBe("ok");
  }, 300_000);

  it("crash: after kill -9 mid-stream, mid-Bash, mid-MCP call and mid-hook, every session resumes and nothing is orphaned", async () => {
    const { code, result } = await runScript("crash.mjs", { CRASH_SESSIONS: "5" });
    expect(result.failures).toEqual([]);
    expect(code).toBe(0);
    expect(result).toMatchObject({ sessions: 8, resumed: 8, orphansAfterNextStart: 0, integrityCheck: "ok" });
    // Each kind of work was running (and so counted) when the daemon was killed: the Bash command
    // and the hook (sleep), the hook's shell (sh) and the MCP server (node).
    expect(result.processesBeforeKill).toEqual(expect.arrayContaining(["sleep", "sh", "node", "bash"]));
    // The MCP server and the hook outlived the kill; the next daemon is what stopped them.
    expect(result.survivedTheKill).toEqual(expect.arrayContaining(["node", "sh"]));
  }, 300_000);

  it("soak: no event lost, descriptors and child processes back where they started", async () => {
    const { code, result } = await runScript("soak.mjs", {
      SOAK_SESSIONS: "3",
      SOAK_CLIENTS: "3",
      SOAK_DURATION_S: "8",
      SOAK_SAMPLE_MS: "1000",
      // Churn: sessions are closed and replaced as they go, as in the steady-state runs.
      SOAK_CHURN_TURNS: "2",
    });
    expect(result.failures).toEqual([]);
    expect(code).toBe(0);
    expect(result.eventsLost).toBe(0);
    expect(result.turnsCompleted as number).toBeGreaterThan(3);
    expect(result.permissionsAnswered as number).toBeGreaterThan(0);
    expect(result.sessionsReplaced as number).toBeGreaterThan(0);
    expect(result.descriptors).toMatchObject({ start: expect.any(Number) });
    expect((result.descriptors as { start: number; end: number }).end).toBe(
      (result.descriptors as { start: number }).start,
    );
  }, 300_000);
});
