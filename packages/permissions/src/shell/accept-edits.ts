// acceptEdits mode also auto-approves mkdir/touch/rm/rmdir/mv/cp/sed on in-scope paths
// (reference §2.3/§2.6). Only plain invocations with known options qualify.
import { own } from "../own.js";
import type { SimpleCommand } from "./analyse.js";
import type { FileFacts } from "./file-args.js";
import { sedScripts } from "./inline.js";
import { scanSed } from "./sed.js";
import { basename, staticValue } from "./wrappers.js";
import type { WordInfo } from "./words.js";

const OPTIONS: Record<string, RegExp> = {
  mkdir: /^(-[pv]+|-m|--parents|--verbose|--mode=.*|-m[0-7]+)$/,
  touch: /^(-[acmh]+|--no-create|--no-dereference)$/,
  rm: /^(-[rRfidvI]+|--recursive|--force|--dir|--verbose|--interactive(=.*)?|--one-file-system)$/,
  rmdir: /^(-[pv]+|--parents|--verbose|--ignore-fail-on-non-empty)$/,
  mv: /^(-[fivnuT]+|--force|--interactive|--no-clobber|--verbose|--update(=.*)?|--no-target-directory)$/,
  cp: /^(-[rRfivnpuaTLPHd]+|--recursive|--force|--interactive|--no-clobber|--verbose|--archive|--preserve(=.*)?|--update(=.*)?|--no-target-directory|--parents)$/,
  sed: /^(-[nrEsuzi]+|-i[^-]*|-e|--in-place(=.*)?|--expression=.*|--regexp-extended|--quiet|--silent|--null-data|--separate|--posix|--sandbox)$/,
};

export function acceptEditsOk(
  cmd: SimpleCommand,
  facts: FileFacts,
  inScope: (w: WordInfo, allowGlob: boolean) => boolean,
): boolean {
  const prog = cmd.unwrapped.inner.program;
  if (prog === null || prog.includes("/") || cmd.unwrapped.xargsAppend) return false;
  const name = basename(prog);
  const allowed = own(OPTIONS, name);
  if (!allowed || !facts.known) return false;
  const vals = cmd.unwrapped.inner.words.slice(1).map(staticValue);
  for (const o of facts.options) if (!allowed.test(o)) return false;
  if (
    name === "mkdir" &&
    facts.options.includes("-m") &&
    !vals.some((v) => v !== null && /^[0-7]{3,4}$/.test(v))
  )
    return false;
  if (name === "sed") {
    for (const s of sedScripts(vals)) {
      if (s === null) return false;
      const scan = scanSed(s);
      if (!scan.simple || scan.executes) return false;
    }
  }
  const paths = [...facts.reads, ...facts.writes];
  if (paths.length === 0) return false;
  const globOk = name === "rm" || name === "rmdir";
  return paths.every((w) => inScope(w, globOk));
}
