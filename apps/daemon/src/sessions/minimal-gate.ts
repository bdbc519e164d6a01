import { realpathSync } from "node:fs";
import { dirname, isAbsolute, resolve, sep } from "node:path";

/**
 * The walking skeleton's permission policy: reads inside the working directories run,
 * everything else asks. The full engine (@berth/permissions) replaces this decision.
 */
export type MinimalDecision = { behavior: "allow" | "ask"; reason: string };

const READ_TOOLS: Record<string, string> = { Read: "file_path", Glob: "path", Grep: "path", LS: "path" };

export function realPathOf(path: string): string {
  // Resolve the longest existing prefix so a not-yet-created file is judged by its real parent.
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const base = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(base);
}

export function minimalDecide(
  tool: string,
  input: unknown,
  cwd: string,
  workingDirs: string[],
): MinimalDecision {
  if (tool === "TodoWrite")
    return { behavior: "allow", reason: "TodoWrite only updates the session's todo list" };
  const key = READ_TOOLS[tool];
  if (!key) return { behavior: "ask", reason: `${tool} can change files or run commands` };
  const raw = (input as Record<string, unknown> | null)?.[key];
  const target = typeof raw === "string" && raw.length > 0 ? raw : cwd;
  if (target.includes("\0")) return { behavior: "ask", reason: "path contains a NUL byte" };
  const real = realPathOf(isAbsolute(target) ? target : resolve(cwd, target));
  const inside = workingDirs.some((dir) => isInside(real, realPathOf(dir)));
  return inside
    ? { behavior: "allow", reason: "reading inside the working directory" }
    : { behavior: "ask", reason: `${real} is outside the working directories` };
}
