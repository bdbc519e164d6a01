// What `/hooks` shows: every configured handler, where it came from, and whether it runs.
import { isManagedGroup, type HookSwitches } from "./select.js";
import type { HooksConfig } from "./types.js";

export interface HookListing {
  event: string;
  matcher: string;
  type: string;
  command: string;
  source: string;
  sourceKind: string;
  /** Why it does not run, when it does not. */
  inactive?: string;
}

export function listHooks(config: HooksConfig, switches: HookSwitches): HookListing[] {
  const out: HookListing[] = [];
  for (const [event, groups] of Object.entries(config)) {
    for (const group of groups) {
      for (const handler of group.hooks) {
        const inactive = switches.disabled
          ? "disableAllHooks is set by managed policy"
          : switches.managedOnly && !isManagedGroup(group)
            ? "disableAllHooks is set (managed hooks still run)"
            : handler.type !== "command"
              ? `"${handler.type}" hooks are not supported by Berth yet`
              : undefined;
        out.push({
          event,
          matcher: group.matcher ?? "",
          type: handler.type,
          command:
            typeof handler.command === "string"
              ? handler.command
              : String(handler.url ?? handler.prompt ?? ""),
          source: group.source.path,
          sourceKind: group.source.kind,
          ...(inactive ? { inactive } : {}),
        });
      }
    }
  }
  return out;
}
