#!/usr/bin/env node
// Bundles the runnable entry points with esbuild. Workspace packages are consumed as
// TypeScript source (their `exports` point at src/index.ts); only what Node runs
// directly is bundled: the daemon, the CLI and the fake model server. Native modules
// stay external and load from node_modules.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entries = [
  { in: "apps/daemon/src/main.ts", out: "apps/daemon/dist/berth-daemon.js" },
  { in: "apps/cli/src/main.ts", out: "apps/cli/dist/berth.js" },
  { in: "packages/testkit/src/bin/fake-model.ts", out: "packages/testkit/dist/fake-model.js" },
];

const banner = [
  "#!/usr/bin/env node",
  // Bundled ESM still needs `require` for CommonJS dependencies that esbuild keeps external.
  "import { createRequire as __berthCreateRequire } from 'node:module';",
  "const require = __berthCreateRequire(import.meta.url);",
].join("\n");

const started = Date.now();
for (const entry of entries) {
  const input = join(root, entry.in);
  if (!existsSync(input)) continue;
  await build({
    entryPoints: [input],
    outfile: join(root, entry.out),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: "linked",
    banner: { js: banner },
    external: ["better-sqlite3", "node-pty", "web-tree-sitter", "tree-sitter-bash", "pino", "thread-stream", "chokidar", "@anthropic-ai/*", "fastify", "@fastify/*", "ws"],
    logLevel: "warning",
  });
}
process.stderr.write(`build: bundled ${entries.length} entry points in ${Date.now() - started} ms\n`);
