// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
import { describe, expect, it } from "vitest";
import { DYNAMIC } from "../rules/glob.js";
import { lexWord } from "./words.js";

describe("lexWord", () => {
  it.each([
    ["rm", "rm", "rm"],
    ["'rm'", "rm", "rm"],
    ['"rm"', "rm", "rm"],
    ["r''m", "rm", "rm"],
    ["\\rm", "rm", "rm"],
    ['"a b"', "a b", "'a b'"],
    ["a\\ b", "a b", "'a b'"],
    ['"a\\"b"', 'a"b', "'a\"b'"],
    ['"a\\nb"', "a\\nb", "'a\\nb'"],
    ["$'a\\nb'", "a\nb", "'a\nb'"],
    ["$'\\x72m'", "rm", "rm"],
    ["$'\\162m'", "rm", "rm"],
    ["$'it\\'s'", "it's", "'it'\\''s'"],
    ["''", "", "''"],
  ])("%s → %j", (raw, value, render) => {
    const w = lexWord(raw);
    expect(w.value).toBe(value);
    expect(w.render).toBe(render);
    expect(w.isStatic).toBe(true);
  });

  it("flags expansions and renders them as dynamic", () => {
    for (const raw of ["$X", "${X}", '"$X"', "a$X", "$1", "$@", '"$@"', "$((1+2))", '$"t"']) {
      const w = lexWord(raw);
      expect(w.isStatic, raw).toBe(false);
      expect(w.render, raw).toBe(DYNAMIC);
    }
  });

  it.each([
    ["$(rm)", "substitution"],
    ["`rm`", "substitution"],
    ['"$(rm)"', "substitution"],
    ["${X:-a}", "complexExpansion"],
    ["${!X}", "complexExpansion"],
    ["$((X+1))", "arithmetic"],
    ["$[1]", "arithmetic"],
    ["!x", "history"],
    ['"!x"', "history"],
  ] as const)("%s sets %s", (raw, flag) => {
    expect(lexWord(raw)[flag]).toBe(true);
  });

  it("globs, braces and tilde", () => {
    expect(lexWord("*.txt")).toMatchObject({ glob: true, render: "*.txt" });
    expect(lexWord("'*.txt'")).toMatchObject({ glob: false, render: "'*.txt'" });
    expect(lexWord("\\*")).toMatchObject({ glob: false });
    expect(lexWord("a{b,c}")).toMatchObject({ brace: true, render: DYNAMIC });
    expect(lexWord("{}")).toMatchObject({ brace: false });
    expect(lexWord("[")).toMatchObject({ glob: false });
    expect(lexWord("~/x")).toMatchObject({ tilde: "home", render: "~/x" });
    expect(lexWord("~bob/x")).toMatchObject({ tilde: "user", render: DYNAMIC });
    expect(lexWord("'~'/x")).toMatchObject({ tilde: "none" });
  });

  it("anomalies: what tree-sitter should never hand us as one word", () => {
    for (const raw of ["a b", "a;b", "'open", '"open', "a\\", "a\\\nb", "#x", "$'a\\0b'"]) {
      expect(lexWord(raw).anomaly, raw).not.toBeNull();
    }
  });

  it("here-doc bodies expand $() and backquotes but not quotes", () => {
    expect(lexWord("it's $(rm)\n", { heredoc: true }).substitution).toBe(true);
    expect(lexWord('it\'s "fine" $HOME\n', { heredoc: true })).toMatchObject({
      substitution: false,
      anomaly: null,
    });
  });
});
