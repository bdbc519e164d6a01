// Standalone oracle run (scripts/shell-oracle.mjs bundles and runs this): prints the corpus size
// and every disagreement with real bash; exits non-zero on any.
import { tmpdir } from "node:os";
import { createPermissionEngine } from "../engine/create.js";
import { runInBash } from "./bash-runner.js";
import { generateCorpus } from "./generator.js";
import { generateOptionCorpus } from "./option-corpus.js";
import { generateSoup } from "./soup.js";
import { checkOracle } from "./oracle.js";
import { TRICKY } from "./tricky.js";

export async function main(argv: string[]): Promise<number> {
  const opt = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const seed = opt("seed", 20260822);
  const corpus = [
    ...TRICKY,
    ...generateCorpus(seed, opt("count", 2000)),
    ...generateCorpus(seed + 2, opt("tame", 2000), true),
    ...generateSoup(seed + 1, opt("soup", 1500)),
    ...generateOptionCorpus(seed + 3, opt("options", 400)),
  ];
  const started = Date.now();
  const engine = await createPermissionEngine();
  const run = await runInBash(corpus, { workers: opt("workers", 4) });
  const r = checkOracle(engine, corpus, run.executed, run.shims, tmpdir());
  for (const f of r.failures) {
    process.stdout.write(
      `FAIL ${JSON.stringify(f.command)}\n  bash ran: ${f.executed.join(", ")}\n  analyser listed: ${f.programs.join(", ")} (${f.behavior})\n`,
    );
  }
  process.stdout.write(
    `shell oracle (seed ${seed}): ${r.total} commands (${TRICKY.length} hand-picked), ${r.ran} ran a program, ` +
      `${r.understood} fully understood, ${r.allowedUnderBashStar} allowed under Bash(*), ` +
      `${r.failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return r.failures.length === 0 ? 0 : 1;
}
