// Finds keys the schema does not know. They are kept (loose objects) but reported, and keys we
// recognise as misplaced or misspelt get a hint, because a deny rule under a wrong key silently
// protects nothing.
import type { z } from "zod";
import { type Diagnostic, type DiagnosticCode, diagnostic, formatKeyPath } from "./diagnostics.js";
import type { JsonPath, Locator } from "./parse.js";
import { isPlainObject } from "./sanitize.js";
import { settingsSchema } from "./schema/index.js";
import { defOf, unwrap } from "./schema/introspect.js";

interface Hint {
  code: DiagnosticCode;
  message: string;
}

const underPermissions = (key: string): Hint => ({
  code: "misplaced-key",
  message: `"${key}" belongs inside "permissions" (permissions.${key}); at this level it has no effect.`,
});

/** Hints keyed by formatted key path. */
const HINTS: Record<string, Hint> = {
  defaultMode: underPermissions("defaultMode"),
  disableBypassPermissionsMode: underPermissions("disableBypassPermissionsMode"),
  allow: underPermissions("allow"),
  ask: underPermissions("ask"),
  deny: underPermissions("deny"),
  additionalDirectories: underPermissions("additionalDirectories"),
  "permissions.allowManagedPermissionRulesOnly": {
    code: "misplaced-key",
    message:
      '"allowManagedPermissionRulesOnly" is a top-level key (managed policy only); inside "permissions" it has no effect.',
  },
  "permissions.allowedTools": {
    code: "unknown-key",
    message: 'Unknown key "allowedTools"; rules go in permissions.allow.',
  },
  "permissions.mode": {
    code: "unknown-key",
    message: 'Unknown key "mode"; did you mean permissions.defaultMode?',
  },
  allowedTools: {
    code: "unknown-key",
    message: 'Unknown key "allowedTools"; rules go in permissions.allow.',
  },
  permissionRules: {
    code: "unknown-key",
    message:
      'Unknown key "permissionRules"; rules are strings in permissions.allow / ask / deny. Nothing here is enforced.',
  },
  mcpServers: {
    code: "misplaced-key",
    message:
      '"mcpServers" is not a settings key; MCP servers are defined in .mcp.json (or the user MCP config).',
  },
  enabledMcpServers: {
    code: "unknown-key",
    message: 'Unknown key "enabledMcpServers"; did you mean enabledMcpjsonServers?',
  },
  teamMateMode: { code: "unknown-key", message: 'Unknown key "teamMateMode"; did you mean teammateMode?' },
  transcriptRetentionDays: {
    code: "unknown-key",
    message: 'Unknown key "transcriptRetentionDays"; did you mean cleanupPeriodDays?',
  },
  autoAllowBashIfSandboxed: {
    code: "misplaced-key",
    message: '"autoAllowBashIfSandboxed" belongs inside "sandbox"; at this level it has no effect.',
  },
};

export function unknownKeyDiagnostics(
  value: Record<string, unknown>,
  file: string,
  locator: Locator,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  walk(settingsSchema(), value, [], (path) => {
    const keyPath = formatKeyPath(path);
    const position = locator.position(path, "key");
    // hasOwn: a key such as "__proto__" must not find Object.prototype.
    const hint = Object.hasOwn(HINTS, keyPath) ? HINTS[keyPath] : undefined;
    const key = String(path[path.length - 1]);
    if (hint) out.push(diagnostic(hint.code, file, keyPath, hint.message, position));
    else if (path.length === 2 && path[0] === "hooks") {
      const msg = `Unknown hook event "${key}"; its hooks never run. Event names are case-sensitive (e.g. PreToolUse).`;
      out.push(diagnostic("unknown-hook-event", file, keyPath, msg, position));
    } else {
      const msg = `Unknown key "${key}"; kept, but this version does not use it.`;
      out.push(diagnostic("unknown-key", file, keyPath, msg, position));
    }
  });
  return out;
}

function walk(schema: z.ZodType, value: unknown, path: JsonPath, report: (path: JsonPath) => void): void {
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case "object": {
      if (!isPlainObject(value)) return;
      const shape = def.shape ?? {};
      const catchall = def.catchall && defOf(def.catchall).type !== "unknown" ? def.catchall : undefined;
      for (const [key, child] of Object.entries(value)) {
        const known = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (known) walk(known, child, [...path, key], report);
        else if (catchall) walk(catchall, child, [...path, key], report);
        else report([...path, key]);
      }
      return;
    }
    case "record":
      if (isPlainObject(value) && def.valueType) {
        for (const [key, child] of Object.entries(value)) walk(def.valueType, child, [...path, key], report);
      }
      return;
    case "array":
      if (Array.isArray(value) && def.element) {
        const element = def.element;
        value.forEach((child, i) => {
          walk(element, child, [...path, i], report);
        });
      }
      return;
    case "union": {
      // Walk the first alternative the value satisfies; with none, validation already failed.
      const match = def.options?.find((option) => option.safeParse(value).success);
      if (match) walk(match, value, path, report);
      return;
    }
    default:
      return;
  }
}
