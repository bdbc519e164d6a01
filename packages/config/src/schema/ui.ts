// Terminal UI preferences. None of these affect what a session may do, so their enums are
// open: a value from a newer version is accepted (and suggested values still autocomplete).
import { z } from "zod";
import { lazy } from "./lazy.js";
import { commandObject, openEnum } from "./shared.js";

export const uiShape = lazy(() => ({
  statusLine: commandObject({
    padding: z.number().describe("Extra horizontal spacing.").optional(),
    refreshInterval: z.number().int().min(1).describe("Also re-run every N seconds.").optional(),
    hideVimModeIndicator: z.boolean().describe("The script renders the vim mode itself.").optional(),
  })
    .describe(
      "Custom status line: a command that reads session JSON on stdin. Ignored from untrusted project files.",
    )
    .optional(),
  subagentStatusLine: commandObject()
    .describe("Status line command for subagent sessions. Ignored from untrusted project files.")
    .optional(),
  fileSuggestion: commandObject()
    .describe("Command providing `@` file suggestions. Ignored from untrusted project files.")
    .optional(),
  theme: openEnum(["auto", "dark", "light", "dark-daltonized", "light-daltonized", "dark-ansi", "light-ansi"])
    .describe("Colour theme, or `custom:<slug>`.")
    .optional(),
  tui: openEnum(["default", "fullscreen"]).describe("Terminal renderer.").optional(),
  viewMode: openEnum(["default", "verbose", "focus"]).describe("Transcript view mode.").optional(),
  editorMode: openEnum(["normal", "vim"]).describe("Prompt key bindings.").optional(),
  teammateMode: openEnum(["auto", "in-process", "tmux", "iterm2"])
    .describe("How agent teammates display.")
    .optional(),
  preferredNotifChannel: openEnum([
    "auto",
    "terminal_bell",
    "iterm2",
    "iterm2_with_bell",
    "kitty",
    "ghostty",
    "notifications_disabled",
  ])
    .describe("How notifications are delivered.")
    .optional(),
  defaultShell: openEnum(["bash", "powershell"]).describe("Shell for `!` commands.").optional(),
  spinnerTipsEnabled: z.boolean().describe("Show tips in the spinner (default true).").optional(),
  spinnerVerbs: z
    .looseObject({ mode: openEnum(["append", "replace"]).optional(), verbs: z.array(z.string()) })
    .describe("Custom spinner verbs.")
    .optional(),
  spinnerTipsOverride: z
    .looseObject({ excludeDefault: z.boolean().optional(), tips: z.array(z.string()) })
    .describe("Custom spinner tips.")
    .optional(),
  terminalProgressBarEnabled: z.boolean().describe("Terminal progress bar (default true).").optional(),
  showTurnDuration: z.boolean().describe("Show how long each turn took.").optional(),
  showThinkingSummaries: z.boolean().describe("Show thinking summaries in the transcript view.").optional(),
  showClearContextOnPlanAccept: z
    .boolean()
    .describe("Offer to clear context when accepting a plan.")
    .optional(),
  prefersReducedMotion: z.boolean().describe("Fewer animations.").optional(),
  verbose: z.boolean().describe("Full tool output instead of summaries.").optional(),
  voiceEnabled: z.boolean().describe("Voice dictation (legacy; see `voice`).").optional(),
  voice: z
    .looseObject({
      enabled: z.boolean().optional(),
      mode: openEnum(["hold", "tap"]).optional(),
      autoSubmit: z.boolean().optional(),
    })
    .describe("Voice dictation settings.")
    .optional(),
  autoScrollEnabled: z.boolean().describe("Follow new output in fullscreen mode.").optional(),
  awaySummaryEnabled: z.boolean().describe("Show a recap after time away.").optional(),
  syntaxHighlightingDisabled: z.boolean().describe("Disable syntax highlighting.").optional(),
  axScreenReader: z.boolean().describe("Screen-reader friendly output.").optional(),
  feedbackSurveyRate: z.number().min(0).max(1).describe("Probability of the quality survey.").optional(),
  agentPushNotifEnabled: z
    .boolean()
    .describe("Push notifications from the agent over Remote Control.")
    .optional(),
  inputNeededNotifEnabled: z.boolean().describe("Push notification when input is needed.").optional(),
  prUrlTemplate: z.string().describe("URL template for pull request badges.").optional(),
  skillOverrides: z
    .record(z.string(), z.string())
    .describe("Per-skill visibility (`on`, `name-only`, `off`, ...).")
    .optional(),
  skillListingBudgetFraction: z
    .number()
    .gt(0)
    .max(1)
    .describe("Share of context for the skill listing.")
    .optional(),
  skillListingMaxDescChars: z.number().int().positive().describe("Per-skill description cap.").optional(),
  respondToBashCommands: z.boolean().describe("Respond after `!` shell commands.").optional(),
  wheelScrollAccelerationEnabled: z.boolean().describe("Accelerated mouse-wheel scrolling.").optional(),
  leftArrowOpensAgents: z
    .boolean()
    .describe("Left arrow on an empty prompt opens the agents view.")
    .optional(),
  workflowKeywordTriggerEnabled: z
    .boolean()
    .describe("The keyword `ultracode` starts a workflow.")
    .optional(),
  disableDeepLinkRegistration: z
    .literal("disable")
    .describe("Do not register the deep-link handler.")
    .optional(),
  browserExternalPageTools: z
    .union([z.string(), z.boolean()])
    .describe("Browser tools on external pages.")
    .optional(),
  disableBrowserExternalNavigation: z
    .boolean()
    .describe("Block browser navigation to external pages.")
    .optional(),
  disableMobileSimulatorTools: z.boolean().describe("Disable mobile simulator tools.").optional(),
}));
