// Hooks are taken as reviewed when a session starts. A settings change that removes or narrows
// hooks applies at once; one that adds or changes a hook waits until the user accepts it
// (`/hooks accept`), so a file edited behind the session's back cannot start running commands.
import type { HookGroupConfig, HooksConfig } from "./types.js";

function keyOf(group: HookGroupConfig): string {
  return JSON.stringify([group.matcher ?? null, group.hooks, group.source.kind, group.source.path]);
}

export interface ReviewedHooks {
  /** Groups that were reviewed and are still configured: these run. */
  active: HooksConfig;
  /** Groups added or changed since the review: these wait for the user. */
  pending: HooksConfig;
}

export function reviewHooks(reviewed: HooksConfig, current: HooksConfig): ReviewedHooks {
  const active: Record<string, HookGroupConfig[]> = {};
  const pending: Record<string, HookGroupConfig[]> = {};
  for (const [event, groups] of Object.entries(current)) {
    const known = new Set((reviewed[event] ?? []).map(keyOf));
    for (const group of groups) {
      const into = known.has(keyOf(group)) ? active : pending;
      into[event] = [...(into[event] ?? []), group];
    }
  }
  return { active, pending };
}

export function countGroups(config: HooksConfig): number {
  return Object.values(config).reduce((n, groups) => n + groups.length, 0);
}
