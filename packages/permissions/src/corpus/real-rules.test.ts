// Real teams' Bash rules (every one in the corpus, from scripts/corpus/extract-bash-rules.mjs),
// each against the command it was written for. Bounds documented in docs/security-model.md:
// at most 5% of allow rules prompt (13.7% before rules were matched as teams write them) and no
// deny or ask rule lets its command run. `node scripts/permissions-corpus.mjs` prints the figures.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveRealPath } from "../node/resolve-path.js";
import { engine, makeProject, type Project } from "../testing/fixtures.js";
import { type CorpusEntry, type CorpusRates, corpusRates, formatRates } from "./rates.js";

const MAX_ALLOW_PROMPT_RATE = 0.05;

const entries = JSON.parse(
  readFileSync(new URL("./real-bash-rules.json", import.meta.url), "utf8"),
) as CorpusEntry[];

let rates: CorpusRates;
let p: Project;
beforeAll(async () => {
  p = makeProject();
  rates = corpusRates(await engine(), entries, {
    cwd: p.project,
    workingDirectories: [p.project],
    homeDir: p.home,
    resolvePath: resolveRealPath,
    platform: "linux",
  });
  process.stdout.write(`${formatRates(rates)}\n`);
});

describe("real teams' Bash rules", () => {
  it("covers every list of the corpus", () => {
    expect(rates.allow.total).toBeGreaterThan(800);
    expect(rates.deny.total).toBeGreaterThan(300);
    expect(rates.ask.total).toBeGreaterThan(100);
  });

  it(`prompts on at most ${MAX_ALLOW_PROMPT_RATE * 100}% of allowed commands`, () => {
    expect(rates.allow.rate).toBeLessThanOrEqual(MAX_ALLOW_PROMPT_RATE);
  });

  it("never runs a command a deny or ask rule was written to refuse", () => {
    expect(rates.deny.examples).toEqual([]);
    expect(rates.ask.examples).toEqual([]);
  });

  it("still prompts where the rule names only a wrapper or the command has inline code", () => {
    const why = new Map(rates.allow.examples.map((e) => [e.rule, e.why]));
    expect(why.get("Bash(xargs:*)")).toBe("no-match");
    expect(why.get("Bash(python -c:*)")).toBe("inline-code");
  });
});
