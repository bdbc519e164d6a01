// The verdict for one simple command of a (possibly compound) shell command, and for one
// redirection target. Order: critical paths → protected writes → mode → allow rules →
// read-only defaults → acceptEdits → ask.
import { protectedReason } from "../paths/protected.js";
import type { CompiledRuleSet } from "../rules/compile.js";
import { acceptEditsOk } from "../shell/accept-edits.js";
import type { SimpleCommand } from "../shell/analyse.js";
import { fileFacts } from "../shell/file-args.js";
import { plainWordInfo } from "../shell/words.js";
import { devSocketHost, networkInfo } from "../shell/network.js";
import { readOnlyCheck } from "../shell/readonly.js";
import { basename, staticValue } from "../shell/wrappers.js";
import type { Redirect } from "../shell/model.js";
import type { PartDecision } from "../types.js";
import { allowRenderings, matchAllowCommand } from "./bash-rules.js";
import { criticalRm, type ShellDirs, wordInside, wordPath, wordViews } from "./bash-paths.js";
import { suggestBashRule } from "./suggest.js";
import { decidePath } from "./files.js";
import type { Env } from "./env.js";
import { ruleReason, safety } from "./reasons.js";
import { unnamedProgramOption } from "./bash-options.js";
import { recursiveReadRule } from "./bash-recursive.js";
import { gitConfigConcern } from "./bash-git-config.js";
import { hardLinkReason } from "./hard-links.js";

const EXEMPT = new Set([
  "/dev/null",
  "/dev/stdout",
  "/dev/stderr",
  "/dev/tty",
  "/dev/fd/0",
  "/dev/fd/1",
  "/dev/fd/2",
  "/dev/zero",
]);

export function decideCommandPart(
  c: SimpleCommand,
  dirs: ShellDirs,
  env: Env,
  rules: CompiledRuleSet,
): PartDecision {
  const mode = env.ctx.mode;
  const renderings = allowRenderings(c, env.home);
  const rendering = renderings[0]?.text ?? "";
  const shown = rendering.replace(/\u0000/g, "…");
  const part = (
    behavior: PartDecision["behavior"],
    reason: PartDecision["reason"],
    suggestion?: string,
  ): PartDecision => {
    const p: PartDecision = { command: shown, behavior, reason };
    if (suggestion) p.suggestion = suggestion;
    return p;
  };
  const askOr = (reason: PartDecision["reason"], suggestion?: string) =>
    part(
      mode === "dontAsk" || mode === "plan" ? "deny" : "ask",
      reason,
      mode === "dontAsk" || mode === "plan" ? undefined : suggestion,
    );

  const words = c.unwrapped.inner.words;
  const facts = fileFacts(words);
  const critical = criticalRm(env, dirs, words);
  if (critical) return askOr(safety("critical-path", critical));
  for (const w of facts.writes) {
    const p = wordPath(w, true);
    const views = p === null ? null : wordViews(env, dirs, p);
    const prot = views
      ?.map((v) => protectedReason(v.lexical, env.ci) ?? protectedReason(v.real, env.ci))
      .find((x) => x);
    if (prot && mode !== "bypassPermissions") return askOr(safety("protected-path", prot));
    const linked = views && mode !== "bypassPermissions" ? hardLinkReason(env, views) : null;
    if (linked) return askOr(safety("hard-link", linked));
  }
  const reach =
    recursiveReadRule(c, dirs, env, rules, "deny") ?? recursiveReadRule(c, dirs, env, rules, "ask");
  if (reach)
    return askOr(
      safety(
        "possible-deny-match",
        `it reads a directory tree that includes paths matched by ${reach.rule.text} (${reach.source})`,
      ),
    );
  if (mode === "bypassPermissions") return part("allow", { kind: "mode", mode });
  const net = networkInfo(words, c.git);
  const allow = matchAllowCommand(rules, renderings, net.network);
  const runner = unnamedProgramOption(c, allow);
  if (runner) return askOr(safety("program-option", runner));

  const readable = (w: Parameters<typeof wordInside>[2], glob: boolean) => wordInside(env, dirs, w, glob);
  const ro = readOnlyCheck(c, facts, {
    readable,
    enterable: (p) => wordInside(env, dirs, { ...literal(p) }, false),
  });
  const readsOk = c.raw.redirects.every(
    (r) => r.kind !== "read" || (r.target !== null && readable(r.target, false)),
  );
  const readOnly = (ro.ok && readsOk) || isHarmlessSyntax(c);
  if (c.git && (allow || readOnly || mode === "acceptEdits")) {
    const hostile = gitConfigConcern(c, dirs, env);
    if (hostile) return askOr(safety("git-config", hostile));
  }
  if (mode === "plan")
    return part(
      readOnly ? "allow" : "deny",
      readOnly ? { kind: "read-only-default" } : { kind: "mode", mode },
    );

  if (allow) return part("allow", ruleReason(allow));
  if (readOnly) return part("allow", { kind: "read-only-default" });
  if (mode === "acceptEdits" && acceptEditsOk(c, facts, (w, glob) => wordInside(env, dirs, w, glob))) {
    return part("allow", { kind: "mode", mode });
  }
  const suggestion = suggestBashRule(c, rendering, net.network);
  if (net.network) {
    const where = net.hosts.length > 0 ? ` (${net.hosts.join(", ")})` : "";
    return askOr(
      safety("network", `${basename(c.unwrapped.inner.program ?? "")} uses the network${where}`),
      suggestion,
    );
  }
  return askOr({ kind: "no-match" }, suggestion);
}

/** `[[ ]]`, declarations and bare assignments: shell bookkeeping that touches no file. Listing
 * forms (`export`, `declare -p`) print variables, secrets included, so they are not harmless. */
function isHarmlessSyntax(c: SimpleCommand): boolean {
  if (c.raw.kind !== "syntax" || c.issues.length > 0) return false;
  const [head, ...args] = c.raw.words.map((w) => staticValue(w));
  if (head === undefined || !["declare", "typeset", "export", "readonly", "local"].includes(head ?? ""))
    return true;
  const names = args.filter((a) => a !== null && !a.startsWith("-"));
  return names.length > 0 && !args.some((a) => a !== null && /^-[a-zA-Z]*[pfF]/.test(a));
}

function literal(p: string) {
  return plainWordInfo(p, p === "~" || p.startsWith("~/") ? "home" : "none");
}

/** A redirection that writes a file is an edit of that file. */
export function decideRedirectPart(
  r: Redirect,
  dirs: ShellDirs,
  env: Env,
  rules: CompiledRuleSet,
): PartDecision | null {
  if (r.kind !== "write" && r.kind !== "readwrite") return null;
  if (!r.target) return null;
  const target =
    staticValue(r.target) ?? (r.target.tilde === "home" && r.target.isStatic ? r.target.value : null);
  const shown = `${r.op} ${r.target.raw}`;
  const mode = env.ctx.mode;
  if (target === null)
    return {
      command: shown,
      behavior: mode === "dontAsk" ? "deny" : "ask",
      reason: safety("dynamic-redirect", `redirect target ${r.target.raw}`),
    };
  if (EXEMPT.has(target)) return null;
  const host = devSocketHost(target);
  if (host) {
    if (mode === "bypassPermissions")
      return { command: shown, behavior: "allow", reason: { kind: "mode", mode } };
    return {
      command: shown,
      behavior: mode === "dontAsk" || mode === "plan" ? "deny" : "ask",
      reason: safety("network", `bash opens a connection to ${host}`),
    };
  }
  const views = wordViews(env, dirs, target);
  if (views === null) {
    return {
      command: shown,
      behavior: mode === "dontAsk" ? "deny" : "ask",
      reason: safety("dynamic-redirect", "the shell's directory is not known here"),
    };
  }
  const d = decidePath("edit", `Writing ${target}`, views, env, rules);
  const p: PartDecision = { command: shown, behavior: d.behavior, reason: d.reason };
  const persistable =
    d.reason.kind === "no-match" || (d.reason.kind === "safety" && d.reason.check === "outside-working-dirs");
  const real = views[0]?.real;
  if (d.behavior === "ask" && persistable && views.length === 1 && real)
    p.suggestion = `Edit(/${escapeForRule(real)})`;
  return p;
}

function escapeForRule(p: string): string {
  return p.replace(/[*?[\]\\()]/g, "\\$&");
}
