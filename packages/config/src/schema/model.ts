// Model choice and reasoning settings.
import { z } from "zod";
import { lazy } from "./lazy.js";
import { openEnum } from "./shared.js";

export const modelShape = lazy(() => ({
  model: z
    .string()
    .describe(
      "Model alias (`sonnet`, `opus`, `haiku`, `opusplan`, `sonnet[1m]`, ...) or full model ID. " +
        "Priority: session choice > `--model` > `ANTHROPIC_MODEL` > this setting.",
    )
    .optional(),
  availableModels: z
    .array(z.string())
    .describe("Models users may select. Merged across files; a managed list replaces the lower ones.")
    .optional(),
  fallbackModel: z
    .union([z.string(), z.array(z.string()).max(3)])
    .describe(
      "Fallback model (or chain of up to three) when the primary is overloaded. Taken whole from the highest file.",
    )
    .optional(),
  modelOverrides: z
    .record(z.string(), z.string())
    .describe("Map of Anthropic model IDs to provider-specific IDs (Bedrock ARNs, Vertex versions).")
    .optional(),
  advisorModel: z.string().describe("Model for the server-side advisor tool.").optional(),
  enforceAvailableModels: z
    .boolean()
    .describe("(Managed) Apply the `availableModels` allowlist to the default model too.")
    .optional(),
  effortLevel: openEnum(["low", "medium", "high", "xhigh"])
    .describe("Persistent reasoning effort.")
    .optional(),
  alwaysThinkingEnabled: z.boolean().describe("Extended thinking on by default.").optional(),
  fastMode: z.boolean().describe("Fast mode (faster output at a higher per-token price).").optional(),
  fastModePerSessionOptIn: z
    .boolean()
    .describe("Fast mode must be enabled again in each session.")
    .optional(),
  agent: z.string().min(1).describe("Agent (built-in or custom) used for the main thread.").optional(),
  autoMode: z
    .looseObject({
      allow: z.array(z.string()).optional(),
      soft_deny: z.array(z.string()).optional(),
      hard_deny: z.array(z.string()).optional(),
      environment: z.array(z.string()).optional(),
      classifyAllShell: z.boolean().optional(),
    })
    .describe("Customisation of the `auto` mode classifier (`$defaults` splices in the built-in entries).")
    .optional(),
  disableAutoMode: z
    .literal("disable")
    .describe(
      '`"disable"` refuses `auto` mode (same as `permissions.disableAutoMode`). Honoured from any file.',
    )
    .optional(),
  useAutoModeDuringPlan: z.boolean().describe("Use the auto-mode classifier during plan mode.").optional(),
}));
