#!/usr/bin/env node
// Compaction of a ~150k-token conversation: the agent's own work (choosing the cut, building the
// summary request, sending ~600 kB through the SDK, rebuilding the history), with the fake model
// answering at once. Baseline in the same run: one ordinary request over the same conversation,
// which carries the same bytes; the ratio says what compaction adds to a request of that size.
import { loadDriver } from "./lib/bundle-driver.mjs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { median, ROOT, report, round } from "./lib/common.mjs";

// The agent reaches the tools package, whose pty module is native: load it from the daemon's
// own node_modules by absolute path instead of bundling it.
const fromDaemon = createRequire(join(ROOT, "apps/daemon/package.json"));
const { driver, dispose } = await loadDriver("scripts/bench/lib/compaction-driver.mjs", {
  nodePaths: ["apps/daemon/node_modules", "packages/agent/node_modules"],
  plugins: [
    {
      name: "native-modules",
      setup(b) {
        b.onResolve({ filter: /^(node-pty|better-sqlite3|web-tree-sitter)$/ }, (args) => ({
          path: fromDaemon.resolve(args.path),
          external: true,
        }));
      },
    },
  ],
});
try {
  const r = await driver.run({
    turns: 60,
    resultChars: 10_000,
    repeats: Number(process.env.BENCH_REPEATS ?? 5),
  });
  const compact = median(r.compactMs);
  const plain = median(r.requestMs);
  process.stdout.write(
    `~${Math.round(r.tokens / 1000)}k tokens in ${r.messages} messages: compaction ${round(compact)} ms, one ordinary request ${round(plain)} ms (medians of ${r.compactMs.length})\n`,
  );
  report({
    bench: "compaction",
    tokens: r.tokens,
    compactMs: round(compact),
    requestMs: round(plain),
    ratio: round(compact / plain, 2),
  });
} finally {
  dispose();
}
