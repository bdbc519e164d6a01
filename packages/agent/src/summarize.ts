// One line describing a tool call, for audit logs, permission prompts and transcripts. It names
// what the call touches (the command, the file, the URL) rather than dumping the whole input, and
// it blanks values that look like secrets, since audit logs outlive the session.
export const MAX_SUMMARY_CHARS = 200;

const PATH_TOOLS = new Set(["Read", "Write", "Edit", "MultiEdit", "NotebookEdit", "NotebookRead", "LS"]);

// `--password=x`, `token: x`, `API_KEY=x`, `Authorization: Bearer x` and the like.
const SECRET_ASSIGNMENT =
  /((?:api[_-]?key|token|secret|password|passwd|authorization|credential)[\w-]*\s*[=:]\s*(?:bearer\s+)?)("[^"]*"|'[^']*'|\S+)/gi;
// Well-known key shapes: Anthropic / OpenAI style, GitHub, AWS access keys, Slack.
const SECRET_TOKEN =
  /\b(?:sk-[\w-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[\w-]{10,})\b/g;
// user:password@ in URLs.
const URL_CREDENTIALS = /(\/\/[^/\s:@]+:)[^/\s@]+@/g;
const SECRET_KEY = /key|token|secret|password|passwd|authorization|credential/i;

export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_ASSIGNMENT, "$1***")
    .replace(SECRET_TOKEN, "***")
    .replace(URL_CREDENTIALS, "$1***@");
}

export function summarizeToolInput(name: string, input: unknown): string {
  const fields = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const pick = (...keys: string[]) => {
    for (const key of keys) if (typeof fields[key] === "string" && fields[key]) return fields[key] as string;
    return undefined;
  };
  let summary: string | undefined;
  if (name === "Bash") summary = pick("command");
  else if (PATH_TOOLS.has(name)) summary = pick("file_path", "notebook_path", "path");
  else if (name === "WebFetch") summary = pick("url");
  else if (name === "WebSearch") summary = pick("query");
  else if (name === "Glob" || name === "Grep") {
    const pattern = pick("pattern");
    const where = pick("path");
    summary = pattern && where ? `${pattern} in ${where}` : pattern;
  }
  return clip(redactSecrets(oneLine(summary ?? compactJson(input))));
}

function compactJson(input: unknown): string {
  try {
    // Values under secret-looking keys are dropped whole, before any clipping could split them.
    const json = JSON.stringify(input, (key, value) => (key && SECRET_KEY.test(key) ? "***" : value));
    return json ?? String(input);
  } catch {
    return String(input);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ⏎ ").trim();
}

function clip(text: string): string {
  if (text.length <= MAX_SUMMARY_CHARS) return text;
  // Cut by code points so an emoji is never split in half, and leave room for the ellipsis.
  let kept = "";
  for (const char of text) {
    if (kept.length + char.length > MAX_SUMMARY_CHARS - 1) break;
    kept += char;
  }
  return `${kept}…`;
}
