// A shallow syntax check for permission rule strings. It only flags text that cannot be a rule
// at all; what a well-formed rule matches (and whether a tool name exists) is the permission
// engine's business, so malformed rules are kept and reported, never dropped here.

const TOOL_NAME = /^[A-Za-z_*][\w*.-]*$/;

/** Returns a short description of the problem, or undefined for a well-formed rule. */
export function ruleSyntaxProblem(text: string): string | undefined {
  if (text.trim() === "") return "the rule is empty";
  if (text !== text.trim()) return "the rule has leading or trailing whitespace";
  const open = text.indexOf("(");
  if (open === -1) {
    if (text.includes(")")) return "a ')' without a matching '('";
    return TOOL_NAME.test(text)
      ? undefined
      : `"${text}" is not a tool name; expected Tool or Tool(specifier)`;
  }
  const name = text.slice(0, open);
  if (!TOOL_NAME.test(name)) return `"${name}" is not a tool name; expected Tool or Tool(specifier)`;
  if (!text.endsWith(")")) return "the specifier must end with ')'";
  if (text.slice(open + 1, -1).trim() === "")
    return "empty specifier '()'; use the bare tool name or Tool(*)";
  return undefined;
}
