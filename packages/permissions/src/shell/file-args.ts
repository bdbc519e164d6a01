// Which arguments of well-known file commands are files read or written (`cp a b` reads a and
// writes b). Used for Read/Edit deny rules, protected and critical paths, acceptEdits scope,
// read-only checks and descriptions. Unknown programs have no file facts.
import { own } from "../own.js";
import { sedScripts } from "./inline.js";
import { scanSed } from "./sed.js";
import { basename, staticValue } from "./wrappers.js";
import { literalWord, type WordInfo } from "./words.js";

type Role =
  | "read"
  | "write"
  | "copy"
  | "move"
  | "link"
  | "chmod"
  | "pattern"
  | "sed"
  | "sort"
  | "uniq"
  | "dd"
  | "find"
  | "tee";

interface Spec {
  role: Role;
  /** Short options that take a value. */
  valued?: string;
  /** Long options that take a separate value (`--opt value`). */
  longValued?: string[];
}

const R = (valued = "", longValued: string[] = []): Spec => ({ role: "read", valued, longValued });
const SPECS: Record<string, Spec> = {
  cat: R(),
  // Launchers read the file they run (Read deny rules apply when a rule allows the launcher).
  source: R(),
  ".": R(),
  open: R("ab", ["--env"]),
  "xdg-open": R(),
  head: R("nc"),
  tail: R("ncs"),
  less: R(),
  more: R(),
  wc: R(),
  nl: R("bdfhilnsvw"),
  tac: R("s"),
  stat: R("c", ["--format", "--printf"]),
  file: R("mfFeP"),
  strings: R("nte"),
  hexdump: R("enfs"),
  od: R("AjNtwS"),
  xxd: R("clsgo"),
  base64: R("w"),
  cut: R("bcdf"),
  paste: R("d"),
  diff: R("UCLIxXSFD", ["--label", "--from-file", "--to-file"]),
  cmp: R("inbl"),
  comm: R(),
  du: R("Bdt", ["--max-depth", "--exclude", "--threshold"]),
  tree: R("LIPoH"),
  ls: R("ITw", [
    "--ignore",
    "--hide",
    "--format",
    "--sort",
    "--time-style",
    "--width",
    "--block-size",
    "--quoting-style",
  ]),
  md5sum: R(),
  sha1sum: R(),
  sha224sum: R(),
  sha256sum: R(),
  sha384sum: R(),
  sha512sum: R(),
  b2sum: R(),
  cksum: R(),
  grep: { role: "pattern", valued: "efmABCdD" },
  egrep: { role: "pattern", valued: "efmABCdD" },
  fgrep: { role: "pattern", valued: "efmABCdD" },
  rg: { role: "pattern", valued: "efmABCgtTMj" },
  jq: {
    role: "pattern",
    valued: "fL",
    longValued: ["--arg", "--argjson", "--slurpfile", "--rawfile", "--indent", "--from-file"],
  },
  awk: { role: "pattern", valued: "Fvf" },
  gawk: { role: "pattern", valued: "Fvf" },
  sed: { role: "sed", valued: "efl" },
  sort: { role: "sort", valued: "ktTSo" },
  uniq: { role: "uniq", valued: "fsw" },
  rm: { role: "write" },
  rmdir: { role: "write" },
  unlink: { role: "write" },
  touch: { role: "write", valued: "drt" },
  mkdir: { role: "write", valued: "m" },
  truncate: { role: "write", valued: "sr" },
  shred: { role: "write", valued: "nsu" },
  tee: { role: "tee" },
  cp: { role: "copy", valued: "St" },
  install: { role: "copy", valued: "gmoSt" },
  mv: { role: "move", valued: "St" },
  ln: { role: "link", valued: "St" },
  chmod: { role: "chmod" },
  chown: { role: "chmod" },
  chgrp: { role: "chmod" },
  dd: { role: "dd" },
  find: { role: "find" },
};

export interface FileFacts {
  known: boolean;
  reads: WordInfo[];
  writes: WordInfo[];
  /** Options as written (static values), for validators. */
  options: string[];
  positionals: WordInfo[];
}

export function fileFacts(words: WordInfo[]): FileFacts {
  const prog = staticValue(words[0]);
  const facts: FileFacts = { known: false, reads: [], writes: [], options: [], positionals: [] };
  if (prog === null) return facts;
  const name = basename(prog);
  const spec = own(SPECS, name);
  if (!spec) return facts;
  facts.known = true;
  const args = words.slice(1);
  let target: WordInfo | undefined;
  const valuedOpts: [string, WordInfo][] = [];
  if (spec.role === "find") return findFacts(args, facts);
  if (spec.role === "dd") {
    for (const a of args) {
      const v = staticValue(a) ?? "";
      if (v.startsWith("if=")) facts.reads.push(literalWord(v.slice(3)));
      else if (v.startsWith("of=")) facts.writes.push(literalWord(v.slice(3)));
      else if (staticValue(a) === null) facts.writes.push(a);
    }
    return facts;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as WordInfo;
    const v = staticValue(a);
    if (v === "--") {
      facts.positionals.push(...args.slice(i + 1));
      break;
    }
    if (v === null || !v.startsWith("-") || v === "-" || /^-[0-9]+$/.test(v)) {
      if (v !== null && /^-[0-9]+$/.test(v)) facts.options.push(v);
      else facts.positionals.push(a);
      continue;
    }
    facts.options.push(v);
    if (v.startsWith("--")) {
      const eq = v.indexOf("=");
      const name = eq < 0 ? v : v.slice(0, eq);
      if (name === "--target-directory" || name === "--output") {
        const val = eq < 0 ? args[++i] : literalWord(v.slice(eq + 1));
        if (val) valuedOpts.push([name, val]);
      } else if (eq < 0 && spec.longValued?.includes(v)) i++;
      continue;
    }
    const letters = v.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const l = letters[k] ?? "";
      if (spec.valued?.includes(l)) {
        const val = k < letters.length - 1 ? literalWord(letters.slice(k + 1)) : args[++i];
        if (val) valuedOpts.push([`-${l}`, val]);
        break;
      }
    }
  }
  for (const [opt, val] of valuedOpts) {
    if ((opt === "-t" || opt === "--target-directory") && ["copy", "move", "link"].includes(spec.role))
      target = val;
    if ((opt === "-o" || opt === "--output") && spec.role === "sort") facts.writes.push(val);
    if (opt === "-f" && spec.role === "pattern") facts.reads.push(val);
  }
  assignRoles(spec.role, name, facts, valuedOpts, target);
  return facts;
}

function assignRoles(
  role: Role,
  name: string,
  facts: FileFacts,
  valued: [string, WordInfo][],
  target?: WordInfo,
): void {
  const pos = facts.positionals;
  switch (role) {
    case "read":
    case "sort":
      facts.reads.push(...pos);
      return;
    case "uniq":
      facts.reads.push(...pos.slice(0, 1));
      facts.writes.push(...pos.slice(1));
      return;
    case "pattern": {
      // The first positional is the pattern/program unless given through -e/-f (or --from-file for jq).
      const given = valued.some(([o]) => o === "-e" || o === "-f" || o === "--from-file");
      facts.reads.push(...(given ? pos : pos.slice(1)));
      return;
    }
    case "sed": {
      const given = valued.some(([o]) => o === "-e" || o === "-f");
      const files = given ? pos : pos.slice(1);
      const inPlace = facts.options.some((o) => /^-[^-]*i/.test(o) || o.startsWith("--in-place"));
      (inPlace ? facts.writes : facts.reads).push(...files);
      const vals = [...valued.flatMap(([o, w]) => [o, staticValue(w)]), ...pos.map(staticValue)];
      for (const s of sedScripts(vals))
        for (const w of s === null ? [] : scanSed(s).writes) facts.writes.push(literalWord(w));
      return;
    }
    case "write":
    case "tee":
      facts.writes.push(...pos);
      return;
    case "chmod":
      facts.writes.push(...pos.slice(1));
      return;
    case "copy":
    case "move":
    case "link": {
      const sources = target ? pos : pos.slice(0, -1);
      const dest = target ?? pos[pos.length - 1];
      if (role === "copy") facts.reads.push(...sources);
      if (role === "move") facts.writes.push(...sources);
      if (dest) facts.writes.push(dest);
      void name;
      return;
    }
    default:
      return;
  }
}

function findFacts(args: WordInfo[], facts: FileFacts): FileFacts {
  let i = 0;
  for (; i < args.length; i++) {
    const v = staticValue(args[i]);
    if (v === "-H" || v === "-L" || v === "-P") continue;
    if (v !== null && (v.startsWith("-") || v === "(" || v === "!" || v === ",")) break;
    facts.positionals.push(args[i] as WordInfo);
  }
  facts.reads.push(...(facts.positionals.length > 0 ? facts.positionals : [literalWord(".")]));
  for (; i < args.length; i++) {
    const v = staticValue(args[i]);
    if (v !== null) facts.options.push(v);
    if (v === "-fprint" || v === "-fprint0" || v === "-fprintf" || v === "-fls") {
      const out = args[i + 1];
      if (out) facts.writes.push(out);
    }
  }
  return facts;
}
