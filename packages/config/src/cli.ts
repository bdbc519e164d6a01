// Turns the options into the ordered list of layer inputs: files from settingsFilePaths, plus
// the command-line layer (flag-derived values first, then `--settings`), all kind `cli`.
import { resolve } from "node:path";
import type { LayerInput } from "./file-load.js";
import { isInlineJson, settingsFilePaths } from "./paths.js";
import type { CliSettingsInput, LoadOptions } from "./types.js";

export function layerInputs(options: LoadOptions): LayerInput[] {
  const cwd = resolve(options.cwd);
  const files = settingsFilePaths(options);
  const fileInput = (f: (typeof files)[number]): LayerInput => ({
    kind: f.layer,
    path: f.path,
    root: f.root,
    source: "file",
    ...(f.required ? { required: true } : {}),
  });

  const inputs: LayerInput[] = files.filter((f) => f.layer === "managed").map(fileInput);
  inputs.push(...flagInputs(options.cli ?? {}, cwd));
  const inline = options.cli?.settings;
  if (inline !== undefined && isInlineJson(inline)) {
    inputs.push({ kind: "cli", path: "--settings", root: cwd, source: "inline", text: inline });
  }
  inputs.push(...files.filter((f) => f.layer !== "managed").map(fileInput));
  return inputs;
}

/** One input per flag, so every value and rule names the flag that set it. */
function flagInputs(cli: CliSettingsInput, cwd: string): LayerInput[] {
  const flags: Array<[string, Record<string, unknown> | undefined]> = [
    ["--model", cli.model !== undefined ? { model: cli.model } : undefined],
    [
      "--permission-mode",
      cli.permissionMode !== undefined ? { permissions: { defaultMode: cli.permissionMode } } : undefined,
    ],
    [
      "--allowedTools",
      cli.allowedTools?.length ? { permissions: { allow: [...cli.allowedTools] } } : undefined,
    ],
    [
      "--disallowedTools",
      cli.disallowedTools?.length ? { permissions: { deny: [...cli.disallowedTools] } } : undefined,
    ],
    [
      "--add-dir",
      cli.addDirs?.length ? { permissions: { additionalDirectories: [...cli.addDirs] } } : undefined,
    ],
  ];
  return flags
    .filter((f): f is [string, Record<string, unknown>] => f[1] !== undefined)
    .map(([path, settings]) => ({ kind: "cli", path, root: cwd, source: "flags", settings }));
}

/**
 * Splits one `--allowedTools` argument into rules: commas and whitespace separate rules, except
 * inside parentheses (`"Bash(git log:*) Edit,Read"` → three rules).
 */
export function splitToolList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of value) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || /\s/.test(ch))) {
      if (current) out.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current) out.push(current);
  return out;
}
