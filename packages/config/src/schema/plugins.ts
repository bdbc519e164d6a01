// Plugins and marketplaces. Plugins run code, so project files cannot enable them before trust.
import { z } from "zod";
import { lazy } from "./lazy.js";
import { openEnum } from "./shared.js";

/** One loose shape for every marketplace source kind, so a new kind is not a hard error. */
const marketplaceSource = lazy(() =>
  z
    .looseObject({
      source: openEnum(["github", "git", "url", "npm", "file", "directory", "hostPattern", "pathPattern"]),
      repo: z.string().optional(),
      url: z.string().optional(),
      ref: z.string().optional(),
      path: z.string().optional(),
      package: z.string().optional(),
      hostPattern: z.string().optional(),
      pathPattern: z.string().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .describe(
      'A marketplace source: `{source: "github", repo}`, `{source: "git", url}`, `{source: "url", url}`, ...',
    ),
);

export const pluginsShape = lazy(() => ({
  enabledPlugins: z
    .record(z.string(), z.union([z.boolean(), z.array(z.string())]))
    .describe(
      'Plugins by `plugin@marketplace` id, e.g. `{ "formatter@acme": true }`. Ignored from untrusted project files.',
    )
    .optional(),
  extraKnownMarketplaces: z
    .record(
      z.string(),
      z.looseObject({
        source: marketplaceSource(),
        installLocation: z.string().optional(),
        autoUpdate: z.boolean().optional(),
        lastUpdated: z.string().optional(),
      }),
    )
    .describe("Extra plugin marketplaces by name. Ignored from untrusted project files.")
    .optional(),
  strictKnownMarketplaces: z
    .array(marketplaceSource())
    .describe("(Managed only) Allowlist of marketplaces users may add; empty blocks all.")
    .optional(),
  blockedMarketplaces: z
    .array(marketplaceSource())
    .describe("(Managed only) Blocked marketplace sources.")
    .optional(),
  skippedMarketplaces: z.array(z.string()).describe("Marketplaces the user declined to install.").optional(),
  skippedPlugins: z.array(z.string()).describe("Plugins the user declined to install.").optional(),
  pluginConfigs: z
    .record(z.string(), z.looseObject({}))
    .describe("Per-plugin configuration (MCP server user config, options).")
    .optional(),
  pluginTrustMessage: z
    .string()
    .describe("(Managed only) Text added to the plugin trust warning.")
    .optional(),
  pluginSuggestionMarketplaces: z
    .array(z.string())
    .describe("(Managed only) Marketplaces whose plugins may be suggested.")
    .optional(),
  strictPluginOnlyCustomization: z
    .union([z.boolean(), z.array(z.string())])
    .describe("(Managed only) Block non-plugin customisation for all (`true`) or listed surfaces.")
    .optional(),
  disableCommandPluginSources: z
    .boolean()
    .describe("(Managed only) Disallow plugin sources added from the command line.")
    .optional(),
  allowedChannelPlugins: z
    .array(z.looseObject({ marketplace: z.string(), plugin: z.string() }))
    .describe("(Managed only) Channel plugins allowed to push messages.")
    .optional(),
  channelsEnabled: z.boolean().describe("(Managed only) Allow channels for the organisation.").optional(),
}));
