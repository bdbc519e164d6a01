#!/usr/bin/env node
// Bundles the extension (CommonJS for VS Code's extension host, `vscode` external) and the chat
// webview (a browser IIFE). The extension bundle carries `ws` and the client library inside it
// and no native module, so the .vsix installs with --no-dependencies on any Node.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });
const started = Date.now();
await build({
  entryPoints: [join(here, "src/extension.ts")],
  outfile: join(dist, "extension.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // ws probes for these optional accelerators with a guarded require.
  external: ["vscode", "bufferutil", "utf-8-validate"],
  sourcemap: "linked",
  logLevel: "warning",
});
await build({
  entryPoints: [join(here, "src/webview/main.ts")],
  outfile: join(dist, "webview.js"),
  bundle: true,
  platform: "browser",
  target: "es2022",
  format: "iife",
  minify: true,
  logLevel: "warning",
});
copyFileSync(join(here, "media/chat.css"), join(dist, "chat.css"));
process.stderr.write(`vscode: bundled the extension and the webview in ${Date.now() - started} ms\n`);

// --package: stage a manifest VS Code accepts (an unscoped name, no workspace dependencies: all
// of them are inside the bundle) and run vsce there, offline.
if (process.argv.includes("--package")) {
  const stage = join(dist, "vsix");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "dist"), { recursive: true });
  mkdirSync(join(stage, "media"), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
  for (const key of ["dependencies", "devDependencies", "scripts", "exports", "private", "type"])
    delete manifest[key];
  manifest.name = "berth-vscode";
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of ["extension.js", "webview.js", "chat.css"])
    copyFileSync(join(dist, f), join(stage, "dist", f));
  cpSync(join(here, "media/berth.svg"), join(stage, "media/berth.svg"));
  copyFileSync(join(here, "README.md"), join(stage, "README.md"));
  const out = join(dist, "berth-vscode.vsix");
  const vsce = join(here, "node_modules/.bin/vsce");
  const r = spawnSync(
    vsce,
    ["package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "-o", out],
    {
      cwd: stage,
      stdio: "inherit",
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
  process.stderr.write(`vscode: packaged ${out}\n`);
}
