// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
// Runs commands under real bash (test tooling, never used by the engine): each command in its own
// empty directory, with PATH pointing only at a directory of logging shims, a clean environment
// and a timeout. Returns, per command, the programs bash actually started.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXEC_SHIMS, SHIM_PROGRAMS } from "./generator.js";
import { OPTION_PROGRAMS, optionShimCode } from "./option-corpus.js";

export interface BashRun {
  shims: string;
  executed: string[][];
}

export async function runInBash(
  commands: string[],
  options: { workers?: number; timeoutSeconds?: number } = {},
): Promise<BashRun> {
  const root = mkdtempSync(join(tmpdir(), "berth-oracle-"));
  const shims = join(root, "shims");
  mkdirSync(shims);
  for (const name of new Set([...SHIM_PROGRAMS, ...OPTION_PROGRAMS]))
    writeShim(shims, name, null, OPTION_PROGRAMS.includes(name));
  for (const [name, real] of Object.entries(EXEC_SHIMS))
    writeShim(shims, name, existsSync(real) ? real : null);
  const cmds = join(root, "cmds");
  const logs = join(root, "logs");
  mkdirSync(cmds);
  mkdirSync(logs);
  mkdirSync(join(root, "home"));
  for (const [i, c] of commands.entries())
    writeFileSync(join(cmds, `${i}.sh`), c.replaceAll("@SHIMS@", shims));
  const workers = Math.max(1, options.workers ?? 4);
  const timeout = options.timeoutSeconds ?? 3;
  const driver = [
    'for i in $(seq "$1" "$3" "$2"); do',
    '  d="$ROOT/work/$i"; mkdir -p "$d/sub" && cd "$d" || exit 1',
    '  env -i PATH="$SHIMS" HOME="$ROOT/home" ORACLE_LOG="$ROOT/logs/$i" /usr/bin/timeout -k 1 ' +
      `${timeout} /bin/bash --norc --noprofile "$ROOT/cmds/$i.sh" </dev/null >/dev/null 2>&1`,
    "done",
  ].join("\n");
  const last = commands.length - 1;
  await Promise.all(
    Array.from({ length: Math.min(workers, commands.length) }, (_, w) =>
      run("/bin/bash", ["-c", driver, "driver", String(w), String(last), String(workers)], {
        ROOT: root,
        SHIMS: shims,
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, 200)); // let backgrounded shims finish logging
  const executed = commands.map((_, i) => {
    const f = join(logs, String(i));
    return existsSync(f)
      ? readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l !== "")
      : [];
  });
  rmSync(root, { recursive: true, force: true });
  return { shims, executed };
}

function writeShim(dir: string, name: string, real: string | null, runsOptionValues = false): void {
  const path = join(dir, name);
  // env/xargs with options could clear PATH and reach real programs; the analyser never trusts
  // those forms anyway, so their shims only log.
  const guard = name === "env" || name === "xargs" ? 'case "$1" in --) ;; -*) exit 0;; esac' : "";
  const body = [
    "#!/bin/sh",
    'echo "${0##*/}" >> "$ORACLE_LOG"',
    guard,
    runsOptionValues ? optionShimCode(name) : "",
    real ? `exec ${real} "$@"` : "",
  ].join("\n");
  writeFileSync(path, `${body}\n`);
  chmodSync(path, 0o755);
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...env, PATH: "/usr/bin:/bin" }, stdio: "ignore" });
    p.on("error", reject);
    p.on("exit", () => resolve());
  });
}
