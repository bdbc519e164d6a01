// Containment by path segment on normalised absolute paths: `/work/project-evil` is not inside
// `/work/project`. Comparing with a trailing separator after normalisation is exactly a
// segment-wise prefix test.

export function isInside(child: string, parent: string, caseInsensitive = false): boolean {
  const c = caseInsensitive ? child.toLowerCase() : child;
  const p = caseInsensitive ? parent.toLowerCase() : parent;
  if (p === "/") return c.startsWith("/");
  return c === p || c.startsWith(`${p}/`);
}

export function insideAny(child: string, parents: readonly string[], caseInsensitive = false): boolean {
  return parents.some((p) => isInside(child, p, caseInsensitive));
}

/** `/a/b/c` → [`/a/b/c`, `/a/b`, `/a`, `/`]. */
export function selfAndAncestors(p: string): string[] {
  const out = [p];
  let cur = p;
  while (cur !== "/" && cur !== "") {
    const i = cur.lastIndexOf("/");
    cur = i <= 0 ? "/" : cur.slice(0, i);
    out.push(cur);
  }
  return out;
}
