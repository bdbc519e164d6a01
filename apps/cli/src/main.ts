import { appendFileSync } from "node:fs";
import { enableTimings, mark } from "@berth/protocol/timings";
import { startEarly } from "./early-start";
import { loadCachedProgram } from "./program-loader";
import { opensSession } from "./session-command";
import { VERSION_LINE } from "./version";

// The entry stays tiny: `berth --version` answers without parsing anything else, and every other
// command loads the command-line definitions, which import() only what that command runs
// (`berth -p` and `berth sessions` never parse the REPL, the Markdown renderer or highlight.js).
// Startup time is a feature (issue #13): keep static imports out of this file, and out of
// program.ts anything that only some commands need.
//
// Built as CommonJS (dist/berth.cjs, scripts/build.mjs): a run that opens a session goes from
// here to the code-cached command line (program.vm.js, a classic script) without starting
// Node's ES module loader, which cost every `berth -p` 4-8 ms. Other commands import() the
// ES module build of the command line (dist/program.js and its chunks).

/** The ES module build of the command line, beside this file; a variable so esbuild leaves it be. */
const PROGRAM_MODULE = "./program.js";

// BERTH_TIMINGS=<file>: start-up marks for scripts/bench/startup.bench.mjs (off: one comparison each).
if (enableTimings("cli", process.env.BERTH_TIMINGS, appendFileSync))
  process.once("exit", () => mark("cli.exit"));

async function main(args: string[]): Promise<void> {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
    process.stdout.write(`${VERSION_LINE}\n`);
    return;
  }
  // `berth -p … | head -1`: a reader that goes away is a normal end, not a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  // A run that opens a session starts a missing daemon now, so its start-up overlaps this load,
  // and loads the command line from its V8 code cache (program-loader.ts).
  let runProgram: ((argv: string[]) => Promise<void>) | undefined;
  if (opensSession(args)) {
    startEarly();
    runProgram = loadCachedProgram();
  }
  runProgram ??= ((await import(new URL(PROGRAM_MODULE, import.meta.url).href)) as typeof import("./program"))
    .runProgram;
  mark("cli.program");
  await runProgram(process.argv);
}

// As an uncaught error at the top level of a module would: printed by Node, exit code 1.
main(process.argv.slice(2)).catch((error: unknown) =>
  queueMicrotask(() => {
    throw error;
  }),
);
