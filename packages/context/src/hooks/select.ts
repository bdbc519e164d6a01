// Which commands run for one event: the groups whose matcher fits, `command` handlers only,
// identical commands once, and nothing from outside managed policy when policy says so.
import { MATCHED_EVENTS, matcherMatches } from "./matcher.js";
import type { HookEventName, HookGroupConfig, HooksConfig, SelectedHook } from "./types.js";

/** [2025] default; a hook's own `timeout` (seconds) replaces it. */
export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

export interface HookSwitches {
  /** `disableAllHooks` from managed policy: nothing runs. */
  disabled: boolean;
  /** `disableAllHooks` from a user or project file: it cannot turn off managed hooks. */
  managedOnly: boolean;
}

export function isManagedGroup(group: HookGroupConfig): boolean {
  return group.source.kind === "managed";
}

export function selectHooks(
  config: HooksConfig,
  event: HookEventName,
  matchValue: string | undefined,
  switches: HookSwitches,
): SelectedHook[] {
  if (switches.disabled) return [];
  const seen = new Set<string>();
  const selected: SelectedHook[] = [];
  for (const group of config[event] ?? []) {
    if (switches.managedOnly && !isManagedGroup(group)) continue;
    const matches = MATCHED_EVENTS.has(event) ? matcherMatches(group.matcher, matchValue) : true;
    if (!matches) continue;
    for (const handler of group.hooks) {
      if (handler.type !== "command" || typeof handler.command !== "string" || handler.command === "")
        continue;
      const args = Array.isArray(handler.args) ? handler.args.map(String) : undefined;
      const key = JSON.stringify([handler.command, args ?? null]);
      if (seen.has(key)) continue;
      seen.add(key);
      const seconds =
        typeof handler.timeout === "number" && handler.timeout > 0 ? handler.timeout : undefined;
      selected.push({
        event,
        command: handler.command,
        ...(args ? { args } : {}),
        timeoutMs: seconds !== undefined ? seconds * 1000 : DEFAULT_HOOK_TIMEOUT_MS,
        async: handler.async === true,
        matcher: group.matcher,
        source: group.source,
      });
    }
  }
  return selected;
}
