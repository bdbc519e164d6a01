// The command line of a run that opens a session loads from a V8 code cache in the Berth home
// (apps/cli/src/program-loader.ts): a run writes it while waiting for the model, later runs use
// it. Until the home has one (and when its cache is damaged or foreign), a run starts from the
// seed the build wrote beside the script. Other commands load the ES module build and never
// touch either.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { text, turn } from "@berth/testkit";
import { expect, it } from "vitest";
import { runCli } from "./support/cli";
import { useCliWorld } from "./support/world";

const world = useCliWorld("berth-code-cache-", { stopDaemon: true });

let runs = 0;
/** `berth -p hi`; what the cache mark said (undefined: the cached program was not used). */
async function printHi(args = ["-p", "hi"]): Promise<string | undefined> {
  const file = join(world.sandbox.root, `marks-${runs++}.jsonl`);
  if (args[0] === "-p") world.fake.enqueue(turn(text("hello")));
  const run = await runCli(args, {
    cwd: world.sandbox.project(),
    env: world.sandbox.env(world.fake.url, { BERTH_TIMINGS: file }),
  });
  expect(run.code, run.stderr).toBe(0);
  if (args[0] === "-p") expect(run.stdout).toBe("hello\n");
  const marks = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { mark: string; detail?: string });
  return marks.find((m) => m.mark === "cli.code-cache")?.detail;
}

it("writes the cache on the first run, uses it after, and recovers from a bad one", async () => {
  // One cache file per build (apps/cli/src/code-cache.ts): this build's is the only one here.
  const cacheDir = join(world.sandbox.home, "cache");
  const cacheFiles = () =>
    existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith(".v8")) : [];
  let cache = "";
  const complete = () => {
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    cache = join(cacheDir, files[0] as string);
    return JSON.parse(readFileSync(cache, "utf8").split("\n")[0] as string).complete;
  };
  // The first run starts the daemon from the build's seed, and leaves the home's cache to the
  // next run (its spare CPU goes to the daemon's start-up)...
  expect(await printHi()).toBe("seeded");
  expect(cacheFiles()).toEqual([]);
  // ...which starts from the seed too and, while it waits for the model, writes the home's cache
  // from everything it compiled...
  expect(await printHi()).toBe("seeded");
  expect(complete()).toBe(true);
  expect(statSync(cache).mode & 0o777).toBe(0o600);
  // ...which later runs use.
  expect(await printHi()).toBe("used");
  expect(await printHi()).toBe("used");

  const good = readFileSync(cache);
  const damaged = Buffer.from(good);
  damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
  writeFileSync(cache, damaged);
  // A damaged cache is passed over for the seed, and replaced while the run waits for the model.
  expect(await printHi()).toBe("seeded");
  expect(readFileSync(cache).equals(damaged)).toBe(false);
  expect(await printHi()).toBe("used");

  chmodSync(cache, 0o664);
  expect(await printHi()).toBe("seeded");
  expect(statSync(cache).mode & 0o777).toBe(0o600);
  expect(await printHi()).toBe("used");
});

it("is not used by commands that open no session", async () => {
  expect(await printHi(["sessions"])).toBeUndefined();
});
