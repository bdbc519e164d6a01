// Shared by this package's tests: real database files in throwaway folders, a controllable
// clock, and a way to act as an unprivileged user (permission tests are meaningless as root).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { type Store, openStore } from "./store.js";

export class FakeClock {
  constructor(public t = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export const DAY = 24 * 60 * 60 * 1000;

/** Registers cleanup in the calling test file; returns helpers bound to it. */
export function useTempStores() {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) {
      try {
        s.close();
      } catch {
        // already closed by the test
      }
    }
    for (const d of dirs.splice(0)) {
      chmodTree(d);
      rmSync(d, { recursive: true, force: true });
    }
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), "berth-store-"));
    dirs.push(d);
    return d;
  };
  const open = (path: string, clock?: FakeClock) => {
    const store = openStore({ path, ...(clock && { now: clock.now }) });
    stores.push(store);
    return store;
  };
  const tempStore = (clock = new FakeClock()) => {
    const path = join(tempDir(), "home", "berth.db");
    return { store: open(path, clock), path, clock };
  };
  return { tempDir, open, tempStore };
}

function chmodTree(dir: string) {
  // Permission tests leave read-only folders behind; make them removable again.
  for (const p of [dir, join(dir, "home"), join(dir, "home", "berth.db")]) {
    try {
      chmodSync(p, 0o700);
    } catch {
      // missing is fine
    }
  }
}

export const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/**
 * Runs fn as an unprivileged user. As root, file modes do not restrict anything, so drop the
 * effective uid/gid to nobody for the duration (this test file runs in its own forked process).
 */
export function asUnprivileged<T>(fn: () => T): T {
  if (!isRoot) return fn();
  process.setegid?.(NOBODY);
  process.seteuid?.(NOBODY);
  try {
    return fn();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
  }
}

export function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to throw");
}
