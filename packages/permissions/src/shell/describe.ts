// Plain-words description of a shell command for the prompt: which programs run, what they read
// and write, what they contact, and what made the analyser cautious.
import type { CommandDescription } from "../types.js";
import { allIssues, programsOf, type ShellAnalysis, type SimpleCommand } from "./analyse.js";
import { fileFacts } from "./file-args.js";
import { devSocketHost, networkInfo } from "./network.js";
import { basename, staticValue } from "./wrappers.js";
import { short, type WordInfo } from "./words.js";

const EXEMPT = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/fd/1", "/dev/fd/2"]);

function shown(w: WordInfo): string {
  return staticValue(w) ?? (w.tilde === "home" && w.isStatic ? w.value : w.raw);
}

export function describeShell(a: ShellAnalysis): CommandDescription {
  const writes = new Set<string>();
  const reads = new Set<string>();
  const network = new Set<string>();
  const risks = new Set<string>();
  const parts: string[] = [];
  const top = a.commands.filter((c) => !c.raw.nested);
  for (const c of top) {
    const words = c.unwrapped.inner.words;
    const facts = fileFacts(words);
    const net = networkInfo(words, c.git);
    const cw: string[] = [];
    for (const w of facts.writes) cw.push(shown(w));
    for (const r of c.raw.redirects) {
      if (!r.target || r.nested) continue;
      const t = shown(r.target);
      if (r.kind === "write" || r.kind === "readwrite") {
        const host = devSocketHost(t);
        if (host) network.add(host);
        else if (!EXEMPT.has(t)) cw.push(t);
      } else if (r.kind === "read") reads.add(t);
    }
    for (const w of facts.reads) reads.add(shown(w));
    for (const w of cw) writes.add(w);
    if (net.network) {
      risks.add(`${basename(c.unwrapped.inner.program ?? "?")} uses the network`);
      for (const h of net.hosts) network.add(h);
    }
    const name = c.unwrapped.inner.program ?? (words.length > 0 ? short(words[0]?.raw ?? "", 30) : "");
    if (name === "") {
      if (c.assignments.length > 0) parts.push(`sets ${c.assignments.map((x) => x.name).join(", ")}`);
      else if (cw.length > 0) parts.push(`writes ${cw.join(", ")}`);
      continue;
    }
    parts.push(`${basename(name)}${detail(words, cw)}`);
    if (name === "rm" || name.endsWith("/rm"))
      risks.add(
        facts.options.some((o) => /^-[^-]*[rR]|^--recursive/.test(o))
          ? "deletes files recursively"
          : "deletes files",
      );
  }
  for (const r of a.groupRedirects) {
    if (r.target && (r.kind === "write" || r.kind === "readwrite") && !EXEMPT.has(shown(r.target)))
      writes.add(shown(r.target));
  }
  for (const i of allIssues(a)) risks.add(i.detail);
  if (a.inline.length > 0) risks.add("runs a script given as text");
  const programs = programsOf(a);
  const count = top.filter((c) => c.unwrapped.inner.program !== null).length;
  let summary = count === 1 ? `Runs ${parts.join("; ")}` : `Runs ${count} programs: ${parts.join(", ")}`;
  if (count === 0) summary = parts.length > 0 ? parts.join("; ") : "Runs no program";
  if (network.size > 0) summary += `; contacts ${[...network].join(", ")}`;
  return {
    summary: short(summary, 300),
    programs,
    writes: [...writes],
    reads: [...reads],
    network: [...network],
    risks: [...risks].slice(0, 8),
  };
}

/** ` (run test)` or ` (writes out.log)`: the first few literal words after the program. */
function detail(words: WordInfo[], writes: string[]): string {
  if (writes.length > 0)
    return ` (writes ${writes.slice(0, 3).join(", ")}${writes.length > 3 ? ", ..." : ""})`;
  const args = words
    .slice(1)
    .map((w) => staticValue(w))
    .filter((v): v is string => v !== null && !v.startsWith("-"))
    .slice(0, 2);
  return args.length > 0 ? ` (${short(args.join(" "), 40)})` : "";
}

export type { SimpleCommand };
