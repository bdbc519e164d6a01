#!/usr/bin/env node
// Packs Berth as one installable npm tarball: the bundled CLI and daemon plus the native and
// wasm-loading modules they keep external, which npm installs (and builds from source) on the
// target machine. `npm install -g dist/berth-<version>.tgz` then gives a working `berth`.
//
//   node scripts/release/pack.mjs [--out DIR] [--no-build]
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: { out: { type: "string" }, "no-build": { type: "boolean" } },
});
const outDir = resolve(values.out ?? join(root, "dist"));

// The modules the daemon loads from node_modules, at the versions it uses: those
// scripts/build.mjs keeps out of its bundle, and better-sqlite3 for its compiled addon.
const EXTERNAL = ["better-sqlite3", "node-pty", "web-tree-sitter", "tree-sitter-bash"];

/**
 * Dependencies that ship inside the tarball, patched, instead of coming from the registry:
 * node-pty 1.1.0 leaves every pty master inheritable, so each later child of the daemon could
 * type into another session's terminal (patches/node-pty@1.1.0.patch, packages/tools/README.md).
 * Its source is copied from this workspace, where pnpm applied the patch; npm builds bundled
 * dependencies on install like any other. Its prebuilt binaries (macOS, Windows) stay out: they
 * are unpatched, and without them every platform compiles the patched source.
 * Each entry: the package, and the files its own package.json publishes, less prebuilds and the
 * Windows-only deps/ and third_party/ (winpty, conpty; Berth's Bash needs a POSIX shell).
 */
const BUNDLED = {
  "node-pty": ["package.json", "LICENSE", "README.md", "binding.gyp", "lib", "scripts", "src", "typings"],
  // node-pty's one dependency (headers only), resolved beside it as pnpm installed it.
  "node-addon-api": null,
};

function bundlePatched(stageDir) {
  const ptyDir = realpathSync(join(root, "apps/daemon/node_modules/node-pty"));
  const patched = readFileSync(join(ptyDir, "src/unix/pty.cc"), "utf8").includes("pty_cloexec");
  if (!patched) throw new Error(`${ptyDir} is not patched: run pnpm install (patchedDependencies)`);
  for (const [name, files] of Object.entries(BUNDLED)) {
    const from = name === "node-pty" ? ptyDir : realpathSync(join(ptyDir, "..", name));
    const to = join(stageDir, "node_modules", name);
    for (const entry of files ?? [""])
      cpSync(join(from, entry), join(to, entry), { recursive: true, dereference: true });
  }
}

if (!values["no-build"])
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });

const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const daemonPkg = JSON.parse(readFileSync(join(root, "apps/daemon/package.json"), "utf8"));
const dependencies = Object.fromEntries(
  EXTERNAL.map((name) => {
    const version = daemonPkg.dependencies?.[name];
    if (!version) throw new Error(`apps/daemon/package.json does not depend on ${name}`);
    return [name, version];
  }),
);

const stage = join(outDir, "package");
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "dist"), { recursive: true });
// The CLI looks for the daemon, and for its code-cached command line (program.vm.js) and that
// script's seed cache (program.vm.v8, used by the Node version that built it), beside itself
// (apps/cli/src/daemon-entry.ts, program-loader.ts).
for (const file of ["berth.cjs", "program.js", "program.vm.js", "program.vm.v8"])
  cpSync(join(root, "apps/cli/dist", file), join(stage, "dist", file));
cpSync(join(root, "apps/daemon/dist/berth-daemon.js"), join(stage, "dist/berth-daemon.js"));
// Both entries are code-split; their chunks share dist/chunks. Names carry content hashes, so two
// files of one name are the same module bundled into both (e.g. protocol/timings): one copy
// serves both. A name with different bytes would be the unthinkable: a failed pack, not a broken one.
for (const app of ["cli", "daemon"]) {
  const from = join(root, `apps/${app}/dist/chunks`);
  for (const name of readdirSync(from)) {
    const target = join(stage, "dist/chunks", name);
    if (existsSync(target)) {
      if (readFileSync(target).equals(readFileSync(join(from, name)))) continue;
      throw new Error(`pack: two different chunks named ${name}`);
    }
    cpSync(join(from, name), target);
  }
}
cpSync(join(root, "scripts/install.sh"), join(stage, "install.sh"));
bundlePatched(stage);
writeFileSync(
  join(stage, "README.md"),
  `# Berth ${rootPkg.version}\n\nAn open agentic coding system for teams: a per-user daemon and the \`berth\` CLI.\n` +
    "Install: `npm install -g berth-<version>.tgz` (Node.js 20.19 or newer; native modules build from source).\n" +
    "Then `berth doctor`, and `berth daemon install` to run the daemon as a login service.\n",
);
writeFileSync(
  join(stage, "package.json"),
  `${JSON.stringify(
    {
      name: "berth",
      version: rootPkg.version,
      description: rootPkg.description,
      type: "module",
      bin: { berth: "dist/berth.cjs", "berth-daemon": "dist/berth-daemon.js" },
      files: ["dist", "install.sh", "README.md"],
      engines: { node: ">=20.19" },
      dependencies,
      bundleDependencies: Object.keys(BUNDLED),
    },
    null,
    2,
  )}\n`,
);
const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", outDir], {
  cwd: stage,
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .at(-1);
process.stdout.write(`${join(outDir, tarball)}\n`);
