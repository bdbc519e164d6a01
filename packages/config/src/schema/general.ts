// Session behaviour: environment, history retention, attribution, memory, updates.
import { z } from "zod";
import { lazy } from "./lazy.js";
import { openEnum } from "./shared.js";

export const CLEANUP_ZERO_MESSAGE =
  "cleanupPeriodDays must be an integer of at least 1 (0 is rejected). To keep a session out of history, " +
  "use `--no-session-persistence` (print mode) or set CLAUDE_CODE_SKIP_PROMPT_HISTORY.";

export const generalShape = lazy(() => ({
  $schema: z.string().describe("JSON Schema URL for editor completion.").optional(),
  env: z
    .record(z.string(), z.string())
    .describe(
      "Environment variables for sessions and their child processes. Merged per variable (higher file wins). " +
        "Ignored from untrusted project files.",
    )
    .optional(),
  cleanupPeriodDays: z
    .number()
    .int(CLEANUP_ZERO_MESSAGE)
    .min(1, CLEANUP_ZERO_MESSAGE)
    .describe(
      "Days a session is kept after its last activity (default 30, minimum 1). Managed policy may set it.",
    )
    .optional(),
  includeCoAuthoredBy: z
    .boolean()
    .describe(
      'Add a "Co-Authored-By" trailer to commits and PRs (default true). Deprecated in favour of `attribution`.',
    )
    .optional(),
  attribution: z
    .looseObject({
      commit: z.string().describe("Commit attribution text; empty hides it.").optional(),
      pr: z.string().describe("Pull request attribution text; empty hides it.").optional(),
      sessionUrl: z.boolean().describe("Append the session link.").optional(),
    })
    .describe("Attribution for commits and pull requests.")
    .optional(),
  includeGitInstructions: z.boolean().describe("Include the built-in git workflow instructions.").optional(),
  language: z.string().describe("Preferred response language.").optional(),
  outputStyle: z
    .string()
    .min(1)
    .describe("Output style: `default`, `Explanatory`, `Learning` or a custom name.")
    .optional(),
  plansDirectory: z
    .string()
    .describe("Where plan-mode plans are written. Ignored from untrusted project files.")
    .optional(),
  respectGitignore: z
    .boolean()
    .describe("The `@` file picker honours `.gitignore` (default true).")
    .optional(),
  companyAnnouncements: z.array(z.string()).describe("Messages shown at startup (one at random).").optional(),
  autoUpdatesChannel: openEnum(["stable", "latest"]).describe("Release channel for updates.").optional(),
  minimumVersion: z.string().describe("Do not downgrade below this version.").optional(),
  autoMemoryEnabled: z.boolean().describe("Save useful context to auto memory (default true).").optional(),
  autoMemoryDirectory: z
    .string()
    .min(1)
    .describe("Directory for auto memory. Ignored from untrusted project files.")
    .optional(),
  autoCompactEnabled: z
    .boolean()
    .describe("Compact the conversation near the context limit (default true).")
    .optional(),
  fileCheckpointingEnabled: z
    .boolean()
    .describe("Snapshot edited files for rewind (default true).")
    .optional(),
  claudeMdExcludes: z.array(z.string()).describe("Glob patterns of CLAUDE.md files not to load.").optional(),
  skipWebFetchPreflight: z.boolean().describe("Skip the WebFetch domain-safety preflight.").optional(),
  skipDangerousModePermissionPrompt: z
    .boolean()
    .describe("The bypass-mode warning was accepted. Ignored from untrusted project files.")
    .optional(),
  disableSkillShellExecution: z
    .boolean()
    .describe("Do not run inline shell blocks in skills and commands.")
    .optional(),
  disableBundledSkills: z.boolean().describe("Remove the bundled skills and workflows.").optional(),
  disableWorkflows: z.boolean().describe("Disable dynamic workflows.").optional(),
  disableArtifact: z.boolean().describe("Disable the Artifact tool.").optional(),
  disableRemoteControl: z.boolean().describe("Disable Remote Control.").optional(),
  remoteControlAtStartup: z.boolean().describe("Connect Remote Control at session start.").optional(),
  disableAgentView: z.boolean().describe("Turn off background agents and the agent view.").optional(),
  askUserQuestionTimeout: z
    .union([z.string(), z.number()])
    .describe("How long a question to the user waits (`5m`, `never`, ...).")
    .optional(),
  worktree: z
    .looseObject({
      sparsePaths: z.array(z.string()).optional(),
      baseRef: openEnum(["fresh", "head"]).optional(),
      bgIsolation: openEnum(["worktree", "none"]).optional(),
      symlinkDirectories: z.array(z.string()).optional(),
    })
    .describe("Settings for `--worktree` sessions.")
    .optional(),
  httpHookAllowedEnvVars: z
    .array(z.string())
    .describe("Variables HTTP hooks may interpolate. Ignored from untrusted project files.")
    .optional(),
  allowedHttpHookUrls: z
    .array(z.string())
    .describe("URL patterns HTTP hooks may call; empty blocks all. Ignored from untrusted project files.")
    .optional(),
}));
