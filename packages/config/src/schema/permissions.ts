// `permissions`: rule lists, extra directories and the permission mode.
import { z } from "zod";
import { lazy } from "./lazy.js";

/** [2025] modes plus the [2026] additions; `manual` is an alias of `default`. */
export const PERMISSION_MODES = [
  "default",
  "acceptEdits",
  "plan",
  "bypassPermissions",
  "auto",
  "dontAsk",
  "manual",
] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

export const permissionModeSchema = lazy(() =>
  z
    .enum(PERMISSION_MODES)
    .describe(
      "Permission mode: `default` (ask on first use; alias `manual`), `acceptEdits` (auto-accept file edits), " +
        "`plan` (read only), `bypassPermissions` (skip prompts; refusable by policy), `auto` (classifier-reviewed), " +
        "`dontAsk` (deny anything not pre-allowed).",
    ),
);

export const permissionRuleSchema = lazy(() =>
  z
    .string()
    .describe(
      "A permission rule: `Tool` or `Tool(specifier)`, e.g. `Bash(npm run test *)`, `Read(./.env)`, " +
        "`Edit(/src/**)`, `WebFetch(domain:example.com)`, `mcp__github`, `mcp__github__get_issue`.",
    ),
);

const ruleList = (what: string) =>
  z
    .array(permissionRuleSchema())
    .describe(
      `${what} Lists from all settings files are concatenated; each rule keeps the file it came from.`,
    );

export const permissionsSchema = lazy(() =>
  z
    .looseObject({
      allow: ruleList("Rules that run without asking.").optional(),
      ask: ruleList("Rules that always ask, even when an allow rule also matches.").optional(),
      deny: ruleList(
        "Rules that are refused. A deny in any file cannot be allowed by another file.",
      ).optional(),
      additionalDirectories: z
        .array(z.string())
        .describe(
          "Extra working directories (same access as the launch folder). Relative paths resolve against the " +
            "settings file's root; `~/` against the home directory. Ignored from untrusted project files.",
        )
        .optional(),
      defaultMode: permissionModeSchema().optional(),
      disableBypassPermissionsMode: z
        .literal("disable")
        .describe(
          '`"disable"` refuses `bypassPermissions` mode (and `--dangerously-skip-permissions`). Honoured from any file, since it can only restrict.',
        )
        .optional(),
      disableAutoMode: z
        .literal("disable")
        .describe('`"disable"` refuses `auto` mode. Honoured from any file, since it can only restrict.')
        .optional(),
    })
    .describe(
      "Tool permissions: allow/ask/deny rules (evaluated deny → ask → allow), extra directories and the default mode.",
    ),
);
