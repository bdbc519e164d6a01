// Tool names the engine knows, how rules name them, and which input fields rules may match.

export const READ_TOOLS = new Set(["Read", "Glob", "Grep", "LS", "NotebookRead"]);
export const EDIT_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);
/** Tools that neither read files, edit them, nor reach outside the session. */
export const PASSIVE_TOOLS = new Set([
  "TodoWrite",
  "TodoRead",
  "Agent",
  "BashOutput",
  "KillBash",
  "KillShell",
  "TaskOutput",
  "TaskStop",
]);
/** Tools whose whole point is to ask the user; they never run unattended. */
export const INTERACTIVE_TOOLS = new Set(["ExitPlanMode", "AskUserQuestion"]);

export const KNOWN_TOOLS = new Set([
  ...READ_TOOLS,
  ...EDIT_TOOLS,
  ...PASSIVE_TOOLS,
  ...INTERACTIVE_TOOLS,
  "Bash",
  "WebFetch",
  "WebSearch",
  "Task",
  "SlashCommand",
  "Skill",
  "Cd",
  "PowerShell",
  "ListMcpResources",
  "ReadMcpResource",
]);

/** `Task` was renamed `Agent` in 2026; both spellings name the same tool in rules and requests. */
export function canonicalTool(name: string): string {
  return name === "Task" ? "Agent" : name;
}

/** Top-level scalar params that `Tool(param:value)` deny/ask rules may match. Primary content
 * fields (command, file_path, path, notebook_path, url) are deliberately absent. */
export const SCALAR_PARAMS: Record<string, ReadonlySet<string>> = {
  Bash: new Set(["timeout", "description", "run_in_background", "dangerouslyDisableSandbox"]),
  Agent: new Set(["model", "subagent_type", "run_in_background", "isolation", "description"]),
  Read: new Set(["offset", "limit", "pages"]),
  Edit: new Set(["replace_all"]),
  Grep: new Set([
    "output_mode",
    "glob",
    "type",
    "-i",
    "-n",
    "-A",
    "-B",
    "-C",
    "-o",
    "head_limit",
    "multiline",
  ]),
  WebFetch: new Set(["prompt"]),
  WebSearch: new Set(["query"]),
  NotebookEdit: new Set(["cell_id", "cell_type", "edit_mode"]),
};

export const PRIMARY_FIELDS = new Set(["command", "file_path", "path", "notebook_path", "url", "pattern"]);

/** The input field a `Tool(specifier)` rule compares against, for tools without richer grammar. */
export const SPECIFIER_FIELDS: Record<string, string[]> = {
  Agent: ["subagent_type"],
  Skill: ["skill", "name", "command"],
  SlashCommand: ["command"],
  Cd: ["path", "directory"],
};
