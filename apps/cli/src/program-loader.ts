import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { resolveBerthHome } from "@berth/protocol/paths";
import { mark } from "@berth/protocol/timings";
import type { Script } from "node:vm";
import { type CacheProbe, compileProbed, probeCache, writeSeedCache } from "./code-cache";
import { distDir } from "./daemon-entry";

/**
 * program.ts built as one classic script (scripts/build.mjs: CommonJS wrapped in a function
 * expression), which node:vm can compile with a V8 code cache; the ES module build of the same
 * source stays for everything else.
 */
export const PROGRAM_SCRIPT = "program.vm.js";

export type RunProgram = (argv: string[]) => Promise<void>;

/** Where the command line's code caches live (one file per build): per Berth home, beside nothing secret. */
export const programCacheDir = (home: string) => join(home, "cache");

type Wrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
  moduleUrl: string,
) => void;

/**
 * A cache write this run still owes, on globalThis because the code that finds an idle moment
 * for it (run-print.ts and the REPL, inside the cached script) has its own copy of this module.
 */
const PENDING = Symbol.for("berth.codeCache.pending");
type Pending = { [PENDING]?: () => void };

const owe = (task: () => void) => {
  (globalThis as Pending)[PENDING] = task;
};

/**
 * Writes the cache this run owes, if any, now that it has nothing else to do: waiting for the
 * model's answer (or, in the REPL, for the user). Never at exit, which would delay the end of
 * the run.
 */
export function saveCodeCacheWhileIdle(): void {
  const task = (globalThis as Pending)[PENDING];
  (globalThis as Pending)[PENDING] = undefined;
  task?.();
}

/**
 * A run that started the daemon leaves the cache to the next run: on a cold start its spare CPU
 * is better left to the daemon (two cores, both busy), and the next run writes the cache while
 * it waits for the model.
 */
export function skipCodeCacheWrite(): void {
  (globalThis as Pending)[PENDING] = undefined;
}

/**
 * Runs the command line from its code-cached script when the cache is good; otherwise returns
 * undefined and the caller imports the ES module build, which loads faster than the whole script
 * compiled from source, and this run writes the cache when it is idle (compiled, not run: a
 * partial cache). A run that uses a partial cache, or one V8 rejects, writes a complete one the
 * same way.
 */
export function loadCachedProgram(): RunProgram | undefined {
  const file = join(distDir(), PROGRAM_SCRIPT);
  let probe: CacheProbe;
  try {
    probe = probeCache(file, programCacheDir(resolveBerthHome(process.env)));
  } catch {
    return undefined; // a build without the script
  }
  if (probe.status !== "used") {
    mark("cli.code-cache", probe.status);
    owe(() => compileProbed(probe).save(false));
    return undefined;
  }
  const cached = compileProbed(probe);
  mark("cli.code-cache", probe.seeded && cached.status === "used" ? "seeded" : cached.status);
  const runProgram = evaluate(cached.script, file);
  if (cached.status === "rejected" || !cached.complete) owe(() => cached.save(true));
  return runProgram;
}

/** Runs the script's module code (the CommonJS wrapper the build put around it); its runProgram. */
function evaluate(script: Script, file: string): RunProgram | undefined {
  const module = { exports: {} as { runProgram?: RunProgram } };
  const wrapper = script.runInThisContext() as Wrapper;
  wrapper(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  return module.exports.runProgram;
}

/**
 * Writes the build's seed cache beside the command-line script (scripts/build.mjs runs this in a
 * process of its own), so the first `berth -p` in a new home starts from bytecode too. A run
 * that finds no cache of its home's uses the seed, and writes the home's own cache later.
 */
export function writeProgramSeed(file = join(distDir(), PROGRAM_SCRIPT)): string {
  return writeSeedCache(file, (script) => evaluate(script, file));
}
