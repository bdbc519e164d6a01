// Berth's own credential stores (its home: credentials.json, berth.db with every project's
// transcripts, logs, run/token) and Claude Code's (~/.claude/.credentials.json, ~/.claude.json)
// are off-limits to the file tools whatever the rules and mode say, and shell commands that
// reach them, read the OS keychain or read another process's environment ask even where a
// rule or bypass mode would allow them. Applied after the engine's decision, as a separate
// step, so it never depends on how rules are matched. Pure: the daemon passes the paths in.
import { isInside } from "../paths/contain.js";
import type { Decision, PermissionContext, ToolRequest } from "../types.js";

const FILE_PATH_FIELDS = ["file_path", "path", "notebook_path"] as const;
/** Tools that read file contents below a directory (Glob and LS list names only). */
const CONTENT_SEARCH_TOOLS = new Set(["Grep"]);
const FILE_TOOLS = new Set([
  "Read",
  "Edit",
  "Write",
  "MultiEdit",
  "NotebookEdit",
  "NotebookRead",
  "Glob",
  "Grep",
  "LS",
]);

/** Names that always mean a credential store, wherever they appear in a command. */
const STORE_NAMES =
  /(?:^|[/\s"'=])(?:\.berth(?:[/\s"']|$)|\.claude\.json\b|\.credentials\.json\b|berth\.db\b)|\$\{?BERTH_HOME\b/;
const KEYCHAIN_READS: readonly RegExp[] = [
  /\bsecurity\s+(?:find-(?:generic|internet)-password|find-certificate|dump-keychain|export)\b/,
  /\bsecret-tool\b/,
  /\bkwallet-query\b/,
  /\bkeyctl\s+(?:print|read|pipe)\b/,
  /\bg?pass\s+show\b/,
  /\bop\s+(?:read|item\s+get)\b/,
];
/** Another process's initial environment: where credentials of the user's terminals live. */
const ENVIRON_READS: readonly RegExp[] = [
  /\/proc\/[^\s/]+\/environ\b/,
  /\/proc\/[^\s]*\$/,
  // BSD-style `ps e`, `ps eww`, `ps auxe` print every process's environment.
  /\bps\s+(?:[^|;&\n]*\s)?[a-zA-Z]*e[a-zA-Z]*(?=\s|$)/,
];

export interface SecretStoreGuardInput {
  request: ToolRequest;
  decision: Decision;
  ctx: Pick<PermissionContext, "cwd" | "homeDir" | "mode" | "resolvePath">;
  /** Absolute paths (directories or files) no tool may reach; real paths. */
  stores: readonly string[];
}

export function guardSecretStores({ request, decision, ctx, stores }: SecretStoreGuardInput): Decision {
  if (decision.behavior === "deny" || stores.length === 0) return decision;
  try {
    if (request.tool === "Bash")
      return guardCommand(String(request.input.command ?? ""), decision, ctx, stores);
    if (FILE_TOOLS.has(request.tool)) return guardFileTool(request, decision, ctx, stores);
    return decision;
  } catch (error) {
    // Fail closed: a guard that cannot decide asks.
    return refuse("ask", `the credential-store check failed (${String(error)})`, decision, ctx.mode);
  }
}

function guardFileTool(
  request: ToolRequest,
  decision: Decision,
  ctx: SecretStoreGuardInput["ctx"],
  stores: readonly string[],
): Decision {
  for (const field of FILE_PATH_FIELDS) {
    const raw = request.input[field];
    if (typeof raw !== "string" || raw === "") continue;
    const path = absolute(raw, ctx);
    const views = [path, ctx.resolvePath(path)];
    const store = stores.find((s) => views.some((v) => isInside(v, s)));
    if (store) {
      const message = `${raw} is inside ${store}, which holds credentials; file tools never read or change it`;
      return refuse("deny", message, decision, ctx.mode);
    }
    if (CONTENT_SEARCH_TOOLS.has(request.tool)) {
      const below = stores.find((s) => views.some((v) => isInside(s, v)));
      if (below)
        return refuse(
          "ask",
          `searching ${raw} would read ${below}, which holds credentials`,
          decision,
          ctx.mode,
        );
    }
  }
  return decision;
}

function guardCommand(
  command: string,
  decision: Decision,
  ctx: SecretStoreGuardInput["ctx"],
  stores: readonly string[],
): Decision {
  // Quotes and backslashes only hide names from a text search; bash removes them anyway.
  const plain = command.replace(/["'\\]/g, "");
  const why =
    (KEYCHAIN_READS.some((r) => r.test(plain)) && "it reads the system keychain") ||
    (ENVIRON_READS.some((r) => r.test(plain)) &&
      "it reads other processes' environments, where credentials live") ||
    (STORE_NAMES.test(plain) && "it names a credential store (Berth's home or Claude's credential files)") ||
    storeReachedBy(plain, ctx, stores);
  return why ? refuse("ask", why, decision, ctx.mode) : decision;
}

/** A word of the command that resolves (or globs) into a store. */
function storeReachedBy(
  plain: string,
  ctx: SecretStoreGuardInput["ctx"],
  stores: readonly string[],
): string | false {
  const words = plain
    .split(/[\s;|&<>()`=,:]+/)
    .filter((w) => w.length > 0)
    .slice(0, 500);
  for (const word of words) {
    const expanded = word.replace(/^(?:~|\$HOME|\$\{HOME\})(?=\/|$)/, ctx.homeDir);
    const path = absolute(expanded, ctx);
    if (/[*?[]/.test(path)) {
      const store = stores.find((s) => globReaches(path, s));
      if (store) return `${word} may match ${store}, which holds credentials`;
      continue;
    }
    const store = stores.find((s) => isInside(path, s) || isInside(ctx.resolvePath(path), s));
    if (store) return `${word} is inside ${store}, which holds credentials`;
  }
  return false;
}

/** True when the glob's leading segments can match every segment of `store`. */
function globReaches(glob: string, store: string): boolean {
  const g = glob.split("/");
  const s = store.split("/");
  if (g.length < s.length) return false;
  return s.every((segment, i) => {
    const pattern = g[i] ?? "";
    if (pattern === "**") return true;
    const source = pattern
      .replace(/[.+^${}()|\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    return new RegExp(`^${source}$`).test(segment);
  });
}

function absolute(path: string, ctx: SecretStoreGuardInput["ctx"]): string {
  const expanded = path.replace(/^~(?=\/|$)/, ctx.homeDir);
  const joined = expanded.startsWith("/") ? expanded : `${ctx.cwd.replace(/\/$/, "")}/${expanded}`;
  // `..` after the join, segment by segment; symlinks are the resolver's job.
  const out: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

function refuse(
  behavior: "ask" | "deny",
  detail: string,
  decision: Decision,
  mode: PermissionContext["mode"],
): Decision {
  const final = behavior === "ask" && mode === "dontAsk" ? "deny" : behavior;
  const verb = final === "deny" ? "is refused" : "needs your approval";
  return {
    ...decision,
    behavior: final,
    reason: { kind: "safety", check: "protected-path", detail },
    message: `This call ${verb}: ${detail}.`,
    // Never generalised into an "always allow" rule.
    suggestions: [],
    ...(decision.parts ? { parts: decision.parts.map(({ suggestion: _s, ...part }) => part) } : {}),
  };
}
