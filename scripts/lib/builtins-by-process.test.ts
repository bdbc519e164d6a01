// The daemon bundle reads Node built-ins with process.getBuiltinModule() instead of importing
// them as ES modules (scripts/lib/builtins-by-process.mjs). These tests bundle small programs
// with the plugin and run them in a real Node, reading which built-in modules they loaded.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the build scripts, without types
import { builtinModuleSource, builtinsByProcess } from "./builtins-by-process.mjs";

const dir = mkdtempSync(join(tmpdir(), "berth-builtins-by-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `files` (name → source; the first is the entry) and runs the result; its stdout, parsed. */
async function bundleAndRun(name: string, files: Record<string, string>, plugins = [builtinsByProcess]) {
  const src = join(dir, name);
  mkdirSync(src);
  const names = Object.keys(files);
  for (const file of names) writeFileSync(join(src, file), files[file] as string);
  const out = join(dir, `${name}.out`);
  await build({
    entryPoints: [join(src, names[0] as string)],
    outdir: out,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
    plugins,
  });
  const entryOut = join(out, (names[0] as string).replace(/\.mjs$/, ".js"));
  const run = spawnSync(process.execPath, [entryOut], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return { result: JSON.parse(run.stdout) as Record<string, unknown>, code: readFileSync(entryOut, "utf8") };
}

// What a program reports: the values it computed, and whether WebCrypto and MIMEType (the lazy
// parts of node:crypto and node:util that an ES module import of them loads) were loaded.
const REPORT = [
  "const loaded = (m) => process.moduleLoadList.includes('NativeModule ' + m);",
  "const lazy = { webcrypto: loaded('internal/crypto/webcrypto'), mime: loaded('internal/mime') };",
].join("\n");

describe("builtins-by-process", () => {
  it("keeps named, default and dynamic imports of built-ins working", async () => {
    const { result } = await bundleAndRun("imports", {
      "main.mjs": [
        'import { randomUUID, createHash } from "node:crypto";',
        'import fs, { existsSync } from "fs";',
        'import * as path from "node:path";',
        'import { format } from "node:util";',
        'const os = await import("node:os");',
        REPORT,
        "console.log(JSON.stringify({",
        "  uuid: randomUUID().length,",
        '  hash: createHash("sha256").update("x").digest("hex").slice(0, 8),',
        "  defaultIsFs: fs === process.getBuiltinModule('node:fs'),",
        "  exists: existsSync(import.meta.dirname),",
        '  joined: path.join("a", "b"),',
        "  platform: os.platform() === process.platform && os.default === process.getBuiltinModule('os'),",
        '  formatted: format("%s!", "hi"),',
        "  lazy,",
        "}));",
      ].join("\n"),
    });
    expect(result).toEqual({
      uuid: 36,
      hash: "2d711642",
      defaultIsFs: true,
      exists: true,
      joined: "a/b",
      platform: true,
      formatted: "hi!",
      lazy: { webcrypto: false, mime: false },
    });
  });

  it("loads the lazy parts an ES module import would, when nothing redirects it", async () => {
    // The control for the test above: the loss this plugin exists to avoid.
    const { result } = await bundleAndRun(
      "control",
      {
        "main.mjs": [
          'import { randomUUID } from "node:crypto";',
          'import { format } from "node:util";',
          REPORT,
          "console.log(JSON.stringify({ ok: randomUUID().length === 36 && format('%d', 1) === '1', lazy }));",
        ].join("\n"),
      },
      [],
    );
    expect(result).toEqual({ ok: true, lazy: { webcrypto: true, mime: true } });
  });

  it("reads only the properties bundled code imports, and shares no module between chunks", async () => {
    const { code } = await bundleAndRun("shaken", {
      "main.mjs": [
        'import { randomUUID } from "node:crypto";',
        'const later = await import("./later.mjs");',
        "console.log(JSON.stringify({ a: randomUUID().length, b: later.size() }));",
      ].join("\n"),
      "later.mjs":
        'import { randomBytes } from "node:crypto";\nexport const size = () => randomBytes(4).length;',
    });
    expect(code).toContain('read("randomUUID")');
    expect(code).not.toContain('read("webcrypto")');
    expect(code).not.toContain('read("randomBytes")');
    // The entry imports only the dynamic chunk: the built-in's module is not a chunk of its own.
    const staticImports = [...code.matchAll(/^import .* from "\.\/(chunk-[\w-]+\.js)"/gm)];
    expect(staticImports).toEqual([]);
  });

  it("exports every enumerable property of the built-in, whatever its name", () => {
    const source: string = builtinModuleSource("node:events");
    expect(source).toContain('process.getBuiltinModule("node:events")');
    expect(source).toContain('as "EventEmitter"');
    // `default` is the built-in itself, and never a property read.
    expect(source).toContain("export default builtin;");
    expect(source).not.toContain('read("default")');
  });
});
