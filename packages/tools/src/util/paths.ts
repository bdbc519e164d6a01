// Paths from the model: usually absolute as asked, sometimes relative, occasionally "~/...".
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";

/** Resolves a path the model sent against the session's working directory. */
export function resolveInputPath(path: string, cwd: string): string {
  if (path === "~" || path.startsWith("~/")) return resolve(homedir(), path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}

/** A file-system error worded for the model, with the path it concerns. */
export function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return `File does not exist: ${path}`;
    case "EACCES":
    case "EPERM":
      return `Permission denied: ${path}`;
    case "EISDIR":
      return `${path} is a directory, not a file.`;
    case "ENOTDIR":
      return `A component of ${path} is not a directory.`;
    case "ELOOP":
      return `Too many levels of symbolic links: ${path}`;
    case "ENAMETOOLONG":
      return `File name too long: ${path}`;
    case "EROFS":
      return `Read-only file system: ${path}`;
    case "ENOSPC":
      return `No space left on device while writing ${path}`;
    default:
      return `${(error as Error)?.message ?? String(error)} (${path})`;
  }
}
