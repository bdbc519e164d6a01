import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CACHES_KEPT,
  cacheFileFor,
  compileCached,
  probeCache,
  readScript,
  seedCacheFor,
  writeCache,
  writeSeedCache,
} from "./code-cache";

let dir: string;
let script: string;
let cacheDir: string;
/** The cache file of the script as it is now. */
let cache: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "berth-code-cache-"));
  script = join(dir, "program.vm.js");
  cacheDir = join(dir, "home", "cache");
  writeFileSync(script, "(function (out) { out.answer = [1, 2, 3].map((n) => n * 14).at(-1); })");
  cache = cacheFileFor(cacheDir, readScript(script).sourceId);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Compiles and runs the test script; what it computed and what became of the cache. */
function run() {
  const cached = compileCached(script, cacheDir);
  const out: { answer?: number } = {};
  (cached.script.runInThisContext() as (o: object) => void)(out);
  return { answer: out.answer, status: cached.status, complete: cached.complete, save: cached.save };
}

/** Writes the build's seed for the test script, the way scripts/build.mjs does. */
function seed(): string {
  return writeSeedCache(script, (compiled) => {
    (compiled.runInThisContext() as (o: object) => void)({});
  });
}

describe("the CLI's V8 code cache", () => {
  it("compiles from source without a cache, then uses the one it saved", () => {
    const first = run();
    expect(first).toMatchObject({ answer: 42, status: "missing", complete: false });
    first.save(false);
    expect(run()).toMatchObject({ answer: 42, status: "used", complete: false });
    first.save(true);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "home", "cache")).mode & 0o777).toBe(0o700);
    expect(run()).toMatchObject({ answer: 42, status: "used", complete: true });
  });

  it("ignores a damaged cache (flipped byte, truncated, no header) and runs from source", () => {
    run().save(true);
    const good = readFileSync(cache);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] = (flipped[flipped.length - 10] ?? 0) ^ 0xff;
    for (const bad of [flipped, good.subarray(0, good.length - 100), Buffer.from("garbage")]) {
      writeFileSync(cache, bad, { mode: 0o600 });
      expect(run()).toMatchObject({ answer: 42, status: "damaged" });
    }
  });

  it("ignores a cache made for other source, and one V8 rejects", () => {
    run().save(true);
    const saved = readFileSync(cache);
    const payloadOfOld = saved.subarray(saved.indexOf(10) + 1);
    writeFileSync(script, "(function (out) { out.answer = 6 * 7; /* changed */ })");
    // A changed script has a cache file of its own; the old one's header would not match it.
    expect(run()).toMatchObject({ answer: 42, status: "missing" });
    writeFileSync(cacheFileFor(cacheDir, readScript(script).sourceId), saved, { mode: 0o600 });
    expect(run()).toMatchObject({ answer: 42, status: "stale" });
    // A well-formed, intact file for this source whose payload is the old script's bytecode. (A
    // source this process never compiled: V8 answers one it did from memory, without the cache.)
    writeFileSync(script, "(function (out) { out.answer = 2 * 21; /* changed again */ })");
    const { sourceId } = readScript(script);
    writeCache(cacheFileFor(cacheDir, sourceId), sourceId, payloadOfOld);
    expect(run()).toMatchObject({ answer: 42, status: "rejected" });
  });

  it("keeps one cache per build, and only the newest few builds' caches", () => {
    mkdirSync(cacheDir, { recursive: true });
    const old = ["cli-program.v8", "cli-program-00000000000000a1.v8", "cli-program-00000000000000a2.v8"];
    old.forEach((name, i) => {
      writeFileSync(join(cacheDir, name), "old", { mode: 0o600 });
      utimesSync(join(cacheDir, name), 1000 + i, 1000 + i);
    });
    writeFileSync(join(cacheDir, "unrelated.txt"), "kept");
    run().save(true);
    expect(readdirSync(cacheDir).sort()).toEqual(
      [cache.slice(cacheDir.length + 1), ...old.slice(-(CACHES_KEPT - 1)), "unrelated.txt"].sort(),
    );
  });

  it("starts a home without a cache from the build's seed, then writes the home's own", () => {
    const seedFile = seed();
    expect(seedFile).toBe(join(dir, "program.vm.v8"));
    expect(statSync(seedFile).mode & 0o777).toBe(0o644);
    expect(probeCache(script, cacheDir)).toMatchObject({
      status: "used",
      seeded: true,
      complete: false,
      cacheFile: cache,
    });
    const first = run();
    expect(first).toMatchObject({ answer: 42, status: "used", complete: false });
    first.save(true);
    // The home's cache is found first from now on; the seed is left as the build wrote it.
    expect(probeCache(script, cacheDir)).toMatchObject({ status: "used", seeded: false, complete: true });
    expect(readdirSync(dir).sort()).toEqual(["home", "program.vm.js", "program.vm.v8"]);
  });

  it("ignores a seed for other source, a damaged one and one other users could have written", () => {
    const seedFile = seed();
    // An install copies the files (new inode and times): the seed is keyed by content instead.
    const copy = join(dir, "copy");
    mkdirSync(copy);
    writeFileSync(join(copy, "program.vm.js"), readFileSync(script));
    writeFileSync(join(copy, "program.vm.v8"), readFileSync(seedFile), { mode: 0o644 });
    expect(probeCache(join(copy, "program.vm.js"), cacheDir)).toMatchObject({ status: "used", seeded: true });
    writeFileSync(script, "(function (out) { out.answer = 6 * 7; /* changed */ })");
    expect(probeCache(script, cacheDir)).toMatchObject({ status: "missing", seeded: false });
    seed();
    const good = readFileSync(seedFile);
    writeFileSync(seedFile, good.subarray(0, good.length - 10));
    expect(probeCache(script, cacheDir)).toMatchObject({ status: "missing", seeded: false });
    writeFileSync(seedFile, good);
    chmodSync(seedFile, 0o664);
    expect(probeCache(script, cacheDir)).toMatchObject({ status: "missing", seeded: false });
    chmodSync(seedFile, 0o644);
    expect(seedCacheFor(script)).toBe(seedFile);
    expect(probeCache(script, cacheDir)).toMatchObject({ status: "used", seeded: true });
  });

  it("does not use a cache other users could have written", () => {
    run().save(true);
    chmodSync(cache, 0o666);
    expect(run()).toMatchObject({ answer: 42, status: "unsafe" });
  });
});
