// Differential oracle against real bash: zero tolerated disagreements. Corpus size can be raised
// with ORACLE_COUNT (and the seed changed with ORACLE_SEED) for longer soak runs.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { createPermissionEngine } from "../engine/create.js";
import { runInBash } from "./bash-runner.js";
import { generateCorpus } from "./generator.js";
import { generateOptionCorpus } from "./option-corpus.js";
import { generateSoup } from "./soup.js";
import { checkOracle } from "./oracle.js";
import { TRICKY } from "./tricky.js";

const COUNT = Number(process.env.ORACLE_COUNT ?? 2000);
const TAME = Number(process.env.ORACLE_TAME ?? 2000);
const SOUP = Number(process.env.ORACLE_SOUP ?? 1500);
const SEED = Number(process.env.ORACLE_SEED ?? 20260822);
const OPTIONS = Number(process.env.ORACLE_OPTIONS ?? 400);

// The runner needs GNU timeout and bash at their Linux paths; elsewhere the test is skipped.
const RUNNABLE = process.platform === "linux" && existsSync("/usr/bin/timeout") && existsSync("/bin/bash");

describe("shell analyser vs real bash", () => {
  it.skipIf(!RUNNABLE)(
    `every program bash runs is listed, or the command is not allowed (${COUNT} generated + ${TAME} tame + ${SOUP} token soup + ${OPTIONS} program options + ${TRICKY.length} hand-picked)`,
    async () => {
      const engine = await createPermissionEngine();
      const corpus = [
        ...TRICKY,
        ...generateCorpus(SEED, COUNT),
        ...generateCorpus(SEED + 2, TAME, true),
        ...generateSoup(SEED + 1, SOUP),
        ...generateOptionCorpus(SEED + 3, OPTIONS),
      ];
      const run = await runInBash(corpus, { workers: 4 });
      const report = checkOracle(engine, corpus, run.executed, run.shims, tmpdir());
      process.stdout.write(
        `oracle: ${report.total} commands, ${report.ran} ran a program, ${report.understood} fully understood, ` +
          `${report.allowedUnderBashStar} allowed under Bash(*), ${report.failures.length} failures\n`,
      );
      expect(report.failures.slice(0, 20)).toEqual([]);
      // Sanity: the corpus really runs programs and the analyser really understands a good share.
      expect(report.ran).toBeGreaterThan((COUNT + TAME + TRICKY.length) / 2);
      expect(report.understood).toBeGreaterThan(TAME / 3);
    },
    Number(process.env.ORACLE_TIMEOUT_MS ?? 120_000),
  );
});
