// Turns a path as given (relative, `~/...`, Windows-style) into absolute candidates. Pure: the
// real path comes from the caller's resolvePath. `%2e%2e` stays literal (only the shell and the
// tools interpret paths, and neither URL-decodes them).
import { posix } from "node:path";

export type AbsResult =
  | { ok: true; paths: string[] }
  | { ok: false; check: "nul-byte" | "tilde-user" | "invalid-input"; detail: string };

/** PATH_MAX on Linux; longer inputs are refused before any pattern matching. */
export const MAX_PATH = 4096;

/** Windows `C:\x` → `/c/x` (reference §2.4); other platforms unchanged. */
export function toPosix(p: string, platform: string): string {
  if (platform !== "win32") return p;
  const drive = /^([A-Za-z]):[\\/]?(.*)$/s.exec(p);
  const s = drive ? `/${(drive[1] ?? "").toLowerCase()}/${drive[2] ?? ""}` : p;
  return s.replace(/\\/g, "/");
}

/** Joins without normalising, so the caller's resolvePath sees `..` after symlinks (physical
 * resolution, as the kernel does it). */
export function joinRaw(base: string, p: string): string {
  if (p.startsWith("/")) return p;
  return base.endsWith("/") ? base + p : `${base}/${p}`;
}

export function lexical(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/** Absolute (unnormalised) candidates for a tool path. `~/x` yields both the home reading and
 * the literal `./~/x` one, since tools may or may not expand it. */
export function absoluteCandidates(input: string, cwd: string, home: string, platform: string): AbsResult {
  if (input.includes("\u0000")) return { ok: false, check: "nul-byte", detail: "path contains a NUL byte" };
  if (input === "") return { ok: false, check: "invalid-input", detail: "empty path" };
  if (input.length > MAX_PATH)
    return { ok: false, check: "invalid-input", detail: `path longer than ${MAX_PATH} characters` };
  const p = toPosix(input, platform);
  if (p === "~" || p.startsWith("~/"))
    return { ok: true, paths: [joinRaw(home, p.slice(2)), joinRaw(cwd, p)] };
  if (p.startsWith("~"))
    return { ok: false, check: "tilde-user", detail: `${input} names another user's home` };
  return { ok: true, paths: [joinRaw(cwd, p)] };
}
