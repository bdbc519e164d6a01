// Compiles rule lists once into indexes so a decision with 1,000 rules loaded stays fast, and
// turns malformed rules into diagnostics (and, for deny/ask, into stricter stand-ins).
import type { Rule, RuleList } from "../types.js";
import { type BashGlob, compileBashGlob, simpleGlobToRegExp } from "./glob.js";
import { type PathPattern, parsePathPattern } from "./match-path.js";
import { type ParsedRule, parseRule, patternFirstWord } from "./parse.js";
import { canonicalTool, EDIT_TOOLS, READ_TOOLS } from "./tools.js";

export interface RuleDiagnostic {
  rule: Rule;
  severity: "error" | "warning";
  message: string;
}

export interface CompiledRule {
  rule: Rule;
  list: RuleList;
  parsed: ParsedRule;
  /** File path, or 'cli' | 'session' | 'managed' ... for reasons. */
  source: string;
  bash?: BashGlob;
  /** For deny/ask Bash rules whose first word is a path: the same pattern keyed by basename. */
  bashBase?: BashGlob;
  path?: PathPattern;
  family?: "read" | "edit";
  regex?: RegExp;
  /** `*`-glob parts for param values and specifiers (matched in linear time: inputs are untrusted). */
  parts?: string[];
  /** Set when this rule stands in for a malformed one. */
  fallbackFor?: string;
}

interface ListIndex {
  tool: Map<string, CompiledRule[]>;
  toolGlob: CompiledRule[];
  bashByWord: Map<string, CompiledRule[]>;
  bashWild: CompiledRule[];
  /** Allow rules without a wildcard, keyed by their text as written: a command identical to one
   * is allowed without analysis (deny/ask rules still apply; see engine/bash-exact.ts). */
  bashExact: Map<string, CompiledRule>;
  pathRead: CompiledRule[];
  pathEdit: CompiledRule[];
  domain: CompiledRule[];
  param: Map<string, CompiledRule[]>;
  specifier: Map<string, CompiledRule[]>;
}

const LISTS: RuleList[] = ["deny", "ask", "allow"];

function emptyIndex(): ListIndex {
  return {
    tool: new Map(),
    toolGlob: [],
    bashByWord: new Map(),
    bashWild: [],
    bashExact: new Map(),
    pathRead: [],
    pathEdit: [],
    domain: [],
    param: new Map(),
    specifier: new Map(),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class CompiledRuleSet {
  readonly lists: Record<RuleList, ListIndex> = {
    deny: emptyIndex(),
    ask: emptyIndex(),
    allow: emptyIndex(),
  };
  readonly diagnostics: RuleDiagnostic[] = [];
  readonly rules: readonly Rule[];
  private readonly toolCache = new Map<string, CompiledRule[]>();

  constructor(rules: readonly Rule[]) {
    this.rules = rules;
    for (const rule of rules) this.add(rule);
  }

  /** Bare/glob/family rules of `list` that cover every use of `tool`. */
  toolRules(list: RuleList, tool: string): CompiledRule[] {
    const key = `${list}\u0000${tool}`;
    const hit = this.toolCache.get(key);
    if (hit) return hit;
    const idx = this.lists[list];
    const names = [tool];
    if (EDIT_TOOLS.has(tool)) names.push("Edit", ...(list === "allow" ? [] : ["Read"]));
    if (READ_TOOLS.has(tool)) names.push("Read");
    const mcp = /^(mcp__.+?)__/.exec(tool);
    if (mcp?.[1]) names.push(mcp[1]);
    const out: CompiledRule[] = [];
    for (const n of new Set(names)) out.push(...(idx.tool.get(n) ?? []));
    for (const r of idx.toolGlob) if (r.regex?.test(tool)) out.push(r);
    this.toolCache.set(key, out);
    return out;
  }

  private add(rule: Rule): void {
    const source = rule?.source?.path ?? rule?.source?.kind ?? "unknown";
    if (!LISTS.includes(rule?.list)) {
      this.diagnostics.push({
        rule,
        severity: "error",
        message: `unknown rule list ${JSON.stringify(rule?.list)}; rule ignored`,
      });
      return;
    }
    const parsed = parseRule(rule.text, rule.list);
    if ("error" in parsed) {
      this.addFallback(rule, source, parsed.error);
      return;
    }
    const c: CompiledRule = { rule, list: rule.list, parsed, source };
    const idx = this.lists[rule.list];
    switch (parsed.type) {
      case "tool":
        push(idx.tool, parsed.tool, c);
        return;
      case "tool-glob":
        c.regex = simpleGlobToRegExp(parsed.pattern);
        idx.toolGlob.push(c);
        return;
      case "bash":
        this.addBash(idx, c, parsed.pattern);
        if (c.list === "allow" && parsed.raw !== undefined && c.bash?.parts.length === 1)
          if (!idx.bashExact.has(parsed.raw)) idx.bashExact.set(parsed.raw, c);
        return;
      case "path":
        this.addPath(idx, c, parsed);
        return;
      case "domain": {
        const d = parsed.domain;
        const body = d.startsWith("*.")
          ? `.+\\.${escapeRe(d.slice(2)).replace(/\\\*/g, "[^.]+")}`
          : escapeRe(d).replace(/\\\*/g, "[^.]+");
        c.regex = new RegExp(`^${body}$`);
        idx.domain.push(c);
        return;
      }
      case "param":
        c.parts = parsed.value.split("*");
        push(idx.param, parsed.tool, c);
        if (parsed.alsoBash !== undefined) this.addBash(idx, { ...c }, parsed.alsoBash);
        return;
      case "specifier":
        c.parts = parsed.specifier.split("*");
        push(idx.specifier, parsed.tool, c);
        return;
    }
  }

  private addBash(idx: ListIndex, c: CompiledRule, pattern: string): void {
    c.bash = compileBashGlob(pattern);
    const first = patternFirstWord(pattern);
    if (first === null) {
      idx.bashWild.push(c);
      return;
    }
    push(idx.bashByWord, first, c);
    if (c.list !== "allow" && first.includes("/")) {
      // Deny/ask rules naming `/bin/rm` must also catch `rm` found through PATH.
      const base = first.slice(first.lastIndexOf("/") + 1);
      if (base !== "") {
        const copy: CompiledRule = { ...c, bash: compileBashGlob(base + pattern.slice(first.length)) };
        push(idx.bashByWord, base, copy);
      }
    }
  }

  private addPath(idx: ListIndex, c: CompiledRule, parsed: Extract<ParsedRule, { type: "path" }>): void {
    const main = parsed.family === "read" ? "Read" : "Edit";
    if (parsed.tool !== main) {
      if (c.list === "allow") {
        this.warn(c.rule, `${parsed.tool}(...) path rules are ignored in allow lists; use ${main}(...)`);
        return;
      }
      this.warn(c.rule, `${parsed.tool}(...) is applied as ${main}(...)`);
    }
    const p = parsePathPattern(parsed.pattern, c.list, c.rule.source?.root);
    if ("error" in p) {
      this.addFallback(c.rule, c.source, p.error);
      return;
    }
    c.path = p;
    c.family = parsed.family;
    (parsed.family === "read" ? idx.pathRead : idx.pathEdit).push(c);
  }

  /** A malformed allow rule is ignored. A malformed deny/ask rule makes the engine stricter: if the
   * tool name is recognisable the whole tool is denied/asked; otherwise every tool asks. */
  private addFallback(rule: Rule, source: string, error: string): void {
    if (rule.list === "allow") {
      this.diagnostics.push({ rule, severity: "error", message: `${error}; rule ignored` });
      return;
    }
    const m = /^\s*(mcp__[A-Za-z0-9_.-]+|[A-Za-z_][A-Za-z0-9_-]*)\s*(?:\(|$)/.exec(rule.text);
    const name = m?.[1];
    if (name) {
      const tool = canonicalTool(name);
      const c: CompiledRule = {
        rule,
        list: rule.list,
        parsed: { type: "tool", tool },
        source,
        fallbackFor: error,
      };
      push(this.lists[rule.list].tool, tool, c);
      this.diagnostics.push({
        rule,
        severity: "error",
        message: `${error}; until it is fixed every ${tool} call is ${rule.list === "deny" ? "denied" : "asked"}`,
      });
      return;
    }
    const c: CompiledRule = {
      rule,
      list: "ask",
      parsed: { type: "tool-glob", pattern: "*" },
      source,
      regex: /^/,
      fallbackFor: error,
    };
    this.lists.ask.toolGlob.push(c);
    this.diagnostics.push({
      rule,
      severity: "error",
      message: `${error}; until it is fixed every tool call asks`,
    });
  }

  private warn(rule: Rule, message: string): void {
    this.diagnostics.push({ rule, severity: "warning", message });
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function compileRules(rules: readonly Rule[]): CompiledRuleSet {
  return new CompiledRuleSet(rules);
}

export { LISTS };
