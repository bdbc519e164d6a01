import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { resolveBerthHome } from "@berth/protocol/paths";
import { mark } from "@berth/protocol/timings";
import { compileCached } from "./code-cache";
import { distDir } from "./daemon-entry";

/**
 * program.ts built as one classic script (scripts/build.mjs: CommonJS wrapped in a function
 * expression), which node:vm can compile with a V8 code cache; the ES module build of the same
 * source stays for everything else.
 */
export const PROGRAM_SCRIPT = "program.vm.js";

export type RunProgram = (argv: string[]) => Promise<void>;

/** Where the command line's code cache lives: per Berth home, beside nothing secret. */
export const programCacheFile = (home: string) => join(home, "cache", "cli-program.v8");

type Wrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
  moduleUrl: string,
) => void;

/**
 * Runs the command line from its code-cached script; undefined when there is no such script (a
 * build without it), and the caller imports the ES module instead. A cache that was not used
 * (missing, stale, damaged, not this user's) is written afresh when this run exits.
 */
export function loadCachedProgram(): RunProgram | undefined {
  const file = join(distDir(), PROGRAM_SCRIPT);
  let cached: ReturnType<typeof compileCached>;
  try {
    cached = compileCached(file, programCacheFile(resolveBerthHome(process.env)));
  } catch {
    return undefined;
  }
  mark("cli.code-cache", cached.status);
  const module = { exports: {} as { runProgram?: RunProgram } };
  const wrapper = cached.script.runInThisContext() as Wrapper;
  wrapper(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  if (cached.status !== "used") process.once("exit", () => cached.save());
  return module.exports.runProgram;
}
