import { lstatSync } from "node:fs";

/** Hard links of the regular file at `realPath` (0 when missing or not a regular file): a write
 * to a file with more than one link also changes the other names, possibly outside the project. */
export function linkCount(realPath: string): number {
  try {
    const s = lstatSync(realPath);
    return s.isFile() ? s.nlink : 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
}
