// Answers "which file set this?" for `berth config --show-origin` and for diagnostics.
import type { LayerKind, Origin, OriginEntry, OriginLayer } from "./types.js";

/** Precedence for container lookups: a forced lockdown value first, built-in defaults last. */
const RANK: Record<OriginLayer, number> = {
  lockdown: 0,
  managed: 1,
  cli: 2,
  localProject: 3,
  project: 4,
  user: 5,
  default: 6,
};

/**
 * `lookup("permissions.defaultMode")` gives the origin of that value. For a container
 * (`env`, `permissions.allow`) it gives the highest-precedence layer that contributed to it.
 */
export function originLookup(origins: readonly OriginEntry[]): (path: string) => Origin | undefined {
  const exact = new Map<string, OriginEntry>();
  for (const o of origins) if (!exact.has(o.key)) exact.set(o.key, o);
  return (path) => {
    const hit = exact.get(path);
    if (hit) return { layer: hit.layer, file: hit.file };
    let best: OriginEntry | undefined;
    for (const o of origins) {
      if (!o.key.startsWith(`${path}.`) && !o.key.startsWith(`${path}[`)) continue;
      if (!best || RANK[o.layer] < RANK[best.layer]) best = o;
    }
    return best ? { layer: best.layer, file: best.file } : undefined;
  };
}

export function layerRank(layer: LayerKind): number {
  return RANK[layer];
}
