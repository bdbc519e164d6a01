// `hooks`: commands (and, since 2026, prompts, agents, HTTP calls and MCP tools) run on events.
import { z } from "zod";
import { lazy } from "./lazy.js";
import { shellCommand } from "./shared.js";

/** [2025] events first, then the [2026] additions. Unknown event names are kept but warned about. */
export const HOOK_EVENTS = [
  "PreToolUse",
  "PostToolUse",
  "Notification",
  "UserPromptSubmit",
  "Stop",
  "SubagentStop",
  "PreCompact",
  "SessionStart",
  "SessionEnd",
  "Setup",
  "UserPromptExpansion",
  "PermissionRequest",
  "PermissionDenied",
  "PostToolUseFailure",
  "PostToolBatch",
  "MessageDisplay",
  "SubagentStart",
  "TaskCreated",
  "TaskCompleted",
  "StopFailure",
  "TeammateIdle",
  "InstructionsLoaded",
  "ConfigChange",
  "CwdChanged",
  "DirectoryAdded",
  "FileChanged",
  "WorktreeCreate",
  "WorktreeRemove",
  "PostCompact",
  "Elicitation",
  "ElicitationResult",
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

const common = lazy(() => ({
  timeout: z.number().positive().describe("Timeout in seconds.").optional(),
  if: z
    .string()
    .describe("Permission-rule filter (e.g. `Bash(git *)`), checked on tool events only.")
    .optional(),
  statusMessage: z.string().describe("Spinner text while the hook runs.").optional(),
}));

const commandHook = lazy(() =>
  z
    .looseObject({
      type: z.literal("command"),
      command: shellCommand().describe("Shell command. `$CLAUDE_PROJECT_DIR` is set to the project root."),
      args: z.array(z.string()).describe("Exec form: arguments passed without a shell.").optional(),
      async: z.boolean().describe("Run in the background without blocking.").optional(),
      asyncRewake: z.boolean().describe("Run in the background; exit code 2 wakes the model.").optional(),
      shell: z.enum(["bash", "powershell"]).describe("Interpreter for the command.").optional(),
      ...common(),
    })
    .describe("Runs a shell command with the event JSON on stdin."),
);

const promptHook = lazy(() =>
  z
    .looseObject({
      type: z.enum(["prompt", "agent"]),
      prompt: z.string().min(1).describe("Prompt; `$ARGUMENTS` is replaced by the event JSON."),
      model: z.string().describe("Model for the evaluation (default: a small fast model).").optional(),
      continueOnBlock: z
        .boolean()
        .describe("On a block, feed the reason back and continue the turn.")
        .optional(),
      ...common(),
    })
    .describe("Asks a model (`prompt`) or a tool-using agent (`agent`) to decide."),
);

const httpHook = lazy(() =>
  z
    .looseObject({
      type: z.literal("http"),
      url: z.string().min(1).describe("URL that receives the event JSON by POST."),
      headers: z
        .record(z.string(), z.string())
        .describe("Headers; `$VAR` interpolation only for allowedEnvVars.")
        .optional(),
      allowedEnvVars: z
        .array(z.string())
        .describe("Variables that may be interpolated into headers.")
        .optional(),
      ...common(),
    })
    .describe("POSTs the event JSON to a URL."),
);

const mcpToolHook = lazy(() =>
  z
    .looseObject({
      type: z.literal("mcp_tool"),
      server: z.string().min(1).describe("Connected MCP server name."),
      tool: z.string().min(1).describe("Tool to call."),
      input: z.record(z.string(), z.unknown()).describe("Tool arguments.").optional(),
      ...common(),
    })
    .describe("Calls a tool on a connected MCP server."),
);

export const hookHandlerSchema = lazy(() =>
  z.discriminatedUnion("type", [commandHook(), promptHook(), httpHook(), mcpToolHook()]),
);
export type HookHandler = z.infer<ReturnType<typeof hookHandlerSchema>>;

export const hookMatcherSchema = lazy(() =>
  z
    .looseObject({
      matcher: z
        .string()
        .describe(
          "Tool-name pattern (exact name, `A|B` list, or a regular expression); empty or `*` matches all.",
        )
        .optional(),
      hooks: z.array(hookHandlerSchema()).describe("Handlers to run when the matcher matches."),
    })
    // Named, so the JSON Schema defines it once instead of inlining it for every event.
    .meta({ id: "hookMatcher", description: "A matcher and the handlers it triggers." }),
);
export type HookMatcher = z.infer<ReturnType<typeof hookMatcherSchema>>;

const eventShape = lazy(
  () =>
    Object.fromEntries(
      HOOK_EVENTS.map((event) => [
        event,
        z.array(hookMatcherSchema()).describe(`Hooks for the ${event} event.`).optional(),
      ]),
    ) as Record<HookEvent, z.ZodOptional<z.ZodArray<ReturnType<typeof hookMatcherSchema>>>>,
);

export const hooksSchema = lazy(() =>
  z
    .looseObject(eventShape())
    .describe(
      'Event hooks: `{ "<Event>": [{ "matcher": "...", "hooks": [{ "type": "command", "command": "..." }] }] }`. ' +
        "Hooks from all files run (concatenated per event), unless managed policy sets `allowManagedHooksOnly`.",
    ),
);

export const disableAllHooksSchema = lazy(() =>
  z
    .boolean()
    .describe(
      "Turn off hooks and custom status lines. From a non-managed file it cannot turn off managed hooks.",
    ),
);
