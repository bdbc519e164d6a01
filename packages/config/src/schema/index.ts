// The one settings schema. Every object is loose: unknown keys are kept (newer versions and
// other tools add keys) and reported as warnings by the loader, never rejected.
import { z } from "zod";
import { lazy } from "./lazy.js";
import { bugReportUrlSchema, modelPricesSchema, spendLimitsSchema } from "./berth.js";
import { credentialsShape } from "./credentials.js";
import { generalShape } from "./general.js";
import { disableAllHooksSchema, hooksSchema } from "./hooks.js";
import { mcpShape } from "./mcp.js";
import { modelShape } from "./model.js";
import { permissionsSchema } from "./permissions.js";
import { pluginsShape } from "./plugins.js";
import { policyShape } from "./policy.js";
import { sandboxSchema } from "./sandbox.js";
import { uiShape } from "./ui.js";

export const settingsShape = lazy(() => ({
  ...generalShape(),
  permissions: permissionsSchema().optional(),
  hooks: hooksSchema().optional(),
  disableAllHooks: disableAllHooksSchema().optional(),
  ...credentialsShape(),
  ...modelShape(),
  ...mcpShape(),
  sandbox: sandboxSchema().optional(),
  ...pluginsShape(),
  ...policyShape(),
  spendLimits: spendLimitsSchema().optional(),
  modelPrices: modelPricesSchema().optional(),
  bugReportUrl: bugReportUrlSchema().optional(),
  ...uiShape(),
}));

export const SETTINGS_SCHEMA_TITLE = "Berth settings";

export const settingsSchema = lazy(() =>
  z
    .looseObject(settingsShape())
    .describe(
      "Berth settings (compatible with Claude Code's settings.json). Files, highest precedence first: managed policy, " +
        "command-line flags, .claude/settings.local.json, .claude/settings.json, ~/.berth/settings.json.",
    ),
);

/** The keys Berth knows, fully typed. */
export type KnownSettings = z.infer<z.ZodObject<ReturnType<typeof settingsShape>>>;
/** A validated settings file: the known keys plus whatever unknown keys it carried. */
export type Settings = KnownSettings & { [key: string]: unknown };

export { HOOK_EVENTS, type HookEvent, type HookHandler, type HookMatcher } from "./hooks.js";
export { PERMISSION_MODES, type PermissionMode } from "./permissions.js";
export { MANAGED_ONLY_KEYS } from "./policy.js";
export { CLEANUP_ZERO_MESSAGE } from "./general.js";
export { DEFAULT_WARN_AT_FRACTION, modelPriceSchema, spendLimitsSchema } from "./berth.js";
