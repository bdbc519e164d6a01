import { appendFileSync } from "node:fs";
import { enableTimings, mark } from "@berth/protocol/timings";
import { opensSession } from "./session-command";
import { VERSION_LINE } from "./version";

// The entry stays tiny: `berth --version` answers without parsing anything else, and every other
// command loads the command-line definitions, which import() only what that command runs
// (`berth -p` and `berth sessions` never parse the REPL, the Markdown renderer or highlight.js).
// Startup time is a feature (issue #13): keep static imports out of this file, and out of
// program.ts anything that only some commands need.

// BERTH_TIMINGS=<file>: start-up marks for scripts/bench/startup.bench.mjs (off: one comparison each).
if (enableTimings("cli", process.env.BERTH_TIMINGS, appendFileSync))
  process.once("exit", () => mark("cli.exit"));

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  process.stdout.write(`${VERSION_LINE}\n`);
} else {
  // `berth -p … | head -1`: a reader that goes away is a normal end, not a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  // A run that opens a session starts a missing daemon now, so its start-up overlaps this load,
  // and loads the command line from its V8 code cache (program-loader.ts).
  let runProgram: ((argv: string[]) => Promise<void>) | undefined;
  if (opensSession(args)) {
    const session = await import("./session-start");
    session.startEarly();
    runProgram = session.loadCachedProgram();
  }
  runProgram ??= (await import("./program")).runProgram;
  mark("cli.program");
  await runProgram(process.argv);
}
