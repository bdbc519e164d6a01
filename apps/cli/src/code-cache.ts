import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import {
  type BigIntStats,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

// V8 code cache for the CLI's command line (issue #13). Node 20 has no compile cache for ES
// modules, and compiling the ~1 MB the command line needs is the largest part of a warm `berth
// -p`. A classic script compiled through node:vm can be given V8's cached data instead: the
// bytecode of what the last run compiled, so this run neither parses nor compiles it again.
//
// The cache file holds bytecode for our own bundle and the literals in its source: no runtime
// values, so no secrets. Bytecode is code, so the file is only used when this user owns it and
// nobody else can write it, and only when its header matches this bundle, this Node and V8 and
// this CPU, and the payload's sha-256 is intact (V8's release builds do not checksum cached
// data). Anything else is ignored and the script compiles from source, as without a cache; the
// run that did so writes a new cache as it exits.
//
// "This bundle" is the script file's identity (device, inode, size, modification and change
// times in nanoseconds), not a hash of its megabyte of source, which cost every run 2 ms: any
// write to the file or its replacement changes the change time, which no user can set back.

const FORMAT = 2;
/** Longest header accepted; a real one is ~250 bytes. */
const MAX_HEADER = 1024;

interface Header {
  format: number;
  source: string;
  node: string;
  v8: string;
  arch: string;
  payload: string;
  /** False for a cache written mid-run (before the code a whole run needs had compiled). */
  complete: boolean;
}

/** What became of the cache on one load: `used`, or why it was not. */
export type CacheStatus = "used" | "missing" | "stale" | "damaged" | "unsafe" | "rejected";

export interface CachedScript {
  script: Script;
  status: CacheStatus;
  /** Whether the cache used was written at the end of a run (so holds what a whole run compiles). */
  complete: boolean;
  /** Writes a cache for this script from everything compiled so far. Never throws. */
  save(complete: boolean): void;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function expected(sourceId: string): Omit<Header, "payload" | "complete"> {
  return {
    format: FORMAT,
    source: sourceId,
    node: process.version,
    v8: process.versions.v8,
    arch: process.arch,
  };
}

/** The cached data in `cacheFile` when it is safe and meant for this source, else why not. */
export function readCache(
  cacheFile: string,
  sourceId: string,
  options: { rootOwnedOk?: boolean } = {},
):
  | { data: Buffer; status: "used"; complete: boolean }
  | { data?: undefined; status: Exclude<CacheStatus, "used" | "rejected"> } {
  let fd: number;
  try {
    fd = openSync(cacheFile, "r");
  } catch {
    return { status: "missing" };
  }
  try {
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    const owner = uid === undefined || stat.uid === uid || (options.rootOwnedOk === true && stat.uid === 0);
    if (!stat.isFile() || !owner || (stat.mode & 0o022) !== 0) {
      return { status: "unsafe" };
    }
    const file = readFileSync(fd);
    const newline = file.subarray(0, MAX_HEADER).indexOf(10);
    if (newline < 0) return { status: "damaged" };
    let header: Partial<Header>;
    try {
      header = JSON.parse(file.subarray(0, newline).toString("utf8")) as Partial<Header>;
    } catch {
      return { status: "damaged" };
    }
    const want = expected(sourceId);
    const matches = (Object.keys(want) as (keyof typeof want)[]).every((k) => header[k] === want[k]);
    if (!matches) return { status: "stale" };
    const data = file.subarray(newline + 1);
    if (sha256(data) !== header.payload) return { status: "damaged" };
    return { data, status: "used", complete: header.complete === true };
  } catch {
    return { status: "damaged" };
  } finally {
    closeSync(fd);
  }
}

/** Caches kept per folder: this build's and a few others' (another install, the last upgrade). */
export const CACHES_KEPT = 3;
const CACHE_NAME = /^cli-program(?:-[0-9a-f]+)?\.v8$/;

/**
 * The cache file for a script in `cacheDir`: one per build, so two Berth installs sharing a home
 * (a global one and a project's) do not overwrite each other's cache on every run.
 */
export function cacheFileFor(cacheDir: string, sourceId: string): string {
  return join(cacheDir, `cli-program-${sha256(sourceId).slice(0, 16)}.v8`);
}

/**
 * Writes `data` as the cache for `sourceId`: 0600 in a 0700 folder, replaced atomically. Then
 * drops all but the CACHES_KEPT newest caches beside it (older builds' files); writes are rare
 * (a new build, a damaged file), so the listing costs nothing on an ordinary run.
 */
export function writeCache(
  cacheFile: string,
  sourceId: string,
  data: Buffer,
  complete = true,
  mode = 0o600,
): void {
  const header: Header = { ...expected(sourceId), payload: sha256(data), complete };
  mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data]), { mode });
    renameSync(temp, cacheFile);
  } finally {
    rmSync(temp, { force: true });
  }
  pruneCaches(dirname(cacheFile), cacheFile);
}

function pruneCaches(dir: string, keep: string): void {
  try {
    const others = readdirSync(dir)
      .filter((name) => CACHE_NAME.test(name) && join(dir, name) !== keep)
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of others.slice(CACHES_KEPT - 1)) rmSync(old.path, { force: true });
  } catch {
    // Another run pruning at the same time, or an unreadable folder: the next write tries again.
  }
}

/** What identifies the script file's content for the cache: see the note at the top. */
function identity(stat: BigIntStats): string {
  return `file:${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * The script's source and identity, from one open file. The bundles are ASCII (scripts/build.mjs
 * escapes the rest), which decodes as Latin-1 at half the cost of UTF-8; anything else as UTF-8.
 */
export function readScript(file: string): { source: string; sourceId: string } {
  const fd = openSync(file, "r");
  try {
    const sourceId = identity(fstatSync(fd, { bigint: true }));
    const bytes = readFileSync(fd);
    return { source: bytes.toString(isAscii(bytes) ? "latin1" : "utf8"), sourceId };
  } finally {
    closeSync(fd);
  }
}

/** The script's source and what the cache holds for it; nothing compiled yet. */
export interface CacheProbe {
  file: string;
  cacheFile: string;
  source: string;
  sourceId: string;
  status: Exclude<CacheStatus, "rejected">;
  /** Whether the cache was written by a run that had executed the script (so holds what a run compiles). */
  complete: boolean;
  /** True when the data is the build's seed (no cache of this home's yet). */
  seeded: boolean;
  data?: Buffer;
}

/**
 * The build's seed cache for a script (scripts/build.mjs writes it beside the script): what a
 * first run in a new home uses, before that home has a cache of its own. It is keyed by the
 * sha-256 of the source, as an install copies the files and changes their identity.
 */
export const seedCacheFor = (file: string) => file.replace(/\.js$/, ".v8");
const contentId = (source: string) => `sha256:${sha256(source)}`;

/**
 * Reads the script in `file` and checks its cache in `cacheDir`; when this home has none for it,
 * the build's seed (hashing the source costs ~2 ms, paid only then). Throws when the script is
 * missing.
 */
export function probeCache(file: string, cacheDir: string): CacheProbe {
  const { source, sourceId } = readScript(file);
  const cacheFile = cacheFileFor(cacheDir, sourceId);
  const cache = readCache(cacheFile, sourceId);
  if (cache.data) {
    const { complete, data } = cache;
    return { file, cacheFile, source, sourceId, status: "used", complete, seeded: false, data };
  }
  // A global install belongs to root; a seed is read-only bytecode of the same build as the script.
  const seed = readCache(seedCacheFor(file), contentId(source), { rootOwnedOk: true });
  return seed.data
    ? { file, cacheFile, source, sourceId, status: "used", complete: false, seeded: true, data: seed.data }
    : { file, cacheFile, source, sourceId, status: cache.status, complete: false, seeded: false };
}

/**
 * Writes the seed cache for `file` (the build runs this, in a process of its own): the script
 * compiled and its module code run, which compiles what every run executes first. Mode 0644: every
 * user of an install reads it.
 */
export function writeSeedCache(file: string, run: (script: Script) => void): string {
  const { source } = readScript(file);
  const script = new Script(source, { filename: file });
  run(script);
  const seedFile = seedCacheFor(file);
  writeCache(seedFile, contentId(source), script.createCachedData(), false, 0o644);
  return seedFile;
}

/**
 * Compiles the probed script, with its cache when that one is good. `save(complete)` writes a
 * fresh cache from what has compiled so far, lazily compiled functions included: the later in a
 * run, the more it holds.
 */
export function compileProbed(probe: CacheProbe): CachedScript {
  const script = new Script(probe.source, {
    filename: probe.file,
    ...(probe.data ? { cachedData: probe.data } : {}),
  });
  return {
    script,
    status: probe.data && script.cachedDataRejected ? "rejected" : probe.status,
    complete: probe.complete,
    save(complete) {
      try {
        writeCache(probe.cacheFile, probe.sourceId, script.createCachedData(), complete);
      } catch {
        // An unwritable home or a full disk only means the next run compiles again.
      }
    },
  };
}

/** probeCache and compileProbed in one. */
export const compileCached = (file: string, cacheDir: string): CachedScript =>
  compileProbed(probeCache(file, cacheDir));
