// The script format, as zod schemas. Scripts arrive from JSON files (the bin, the demo) and from
// code (tests, benchmarks); both go through these schemas so a mistake in a script is reported
// where it was made, not as a confusing failure inside the code under test.
import { z } from "zod";

/** Error types the real Messages API uses in `{"type":"error","error":{"type":...}}`. */
export const ApiErrorTypeSchema = z.enum([
  "invalid_request_error",
  "authentication_error",
  "billing_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "api_error",
  "timeout_error",
  "overloaded_error",
]);
export type ApiErrorType = z.infer<typeof ApiErrorTypeSchema>;

export const TextBlockSchema = z
  .object({ type: z.literal("text"), text: z.string() })
  .strict()
  .describe("Assistant text, streamed as text_delta chunks.");

export const ToolUseBlockSchema = z
  .object({
    type: z.literal("tool_use"),
    // Same pattern the real API enforces on tool_use ids echoed back in tool_result blocks.
    id: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, "tool_use id may only contain letters, digits, _ and -")
      .optional(),
    name: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
  })
  .strict()
  .describe("A tool call; its input is streamed as input_json_delta pieces. id defaults to toolu_...");

export const ThinkingBlockSchema = z
  .object({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().optional() })
  .strict()
  .describe("Extended thinking, streamed as thinking_delta chunks then one signature_delta.");

export const ServerToolUseBlockSchema = z
  .object({
    type: z.literal("server_tool_use"),
    id: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/)
      .optional(),
    name: z.literal("web_search"),
    input: z.object({ query: z.string() }).strict(),
  })
  .strict()
  .describe("The API's own web search call (server tool); id defaults to srvtoolu_...");

export const WebSearchToolResultBlockSchema = z
  .object({
    type: z.literal("web_search_tool_result"),
    tool_use_id: z.string().min(1),
    content: z.union([
      z.array(z.object({ title: z.string(), url: z.string(), page_age: z.string().optional() }).strict()),
      z.object({ error_code: z.string().min(1) }).strict(),
    ]),
  })
  .strict()
  .describe("Results of a server web search: a list of pages, or an error code.");

export const ContentBlockSchema = z.discriminatedUnion("type", [
  TextBlockSchema,
  ToolUseBlockSchema,
  ThinkingBlockSchema,
  ServerToolUseBlockSchema,
  WebSearchToolResultBlockSchema,
]);
export type ScriptContentBlock = z.infer<typeof ContentBlockSchema>;

const tokenCount = z.number().int().nonnegative();
export const UsageSchema = z
  .object({
    input_tokens: tokenCount.optional(),
    output_tokens: tokenCount.optional(),
    cache_creation_input_tokens: tokenCount.optional(),
    cache_read_input_tokens: tokenCount.optional(),
  })
  .strict();
export type ScriptUsage = z.infer<typeof UsageSchema>;

export const StopReasonSchema = z.enum(["end_turn", "tool_use", "max_tokens", "stop_sequence", "refusal"]);
export type StopReason = z.infer<typeof StopReasonSchema>;

const delayMs = z.number().int().nonnegative().max(600_000);

export const StreamFaultSchema = z
  .object({
    kind: z
      .enum(["disconnect", "stall", "malformed"])
      .describe(
        "disconnect: close the connection mid-stream; stall: keep it open and send nothing more; " +
          "malformed: send an event whose data is not JSON, then the rest of the stream.",
      ),
    afterEvents: z.number().int().nonnegative(),
  })
  .strict();
export type StreamFault = z.infer<typeof StreamFaultSchema>;

export const ResponseTurnSchema = z
  .object({
    content: z.array(ContentBlockSchema),
    stop_reason: StopReasonSchema.optional(),
    usage: UsageSchema.optional(),
    delayMs: delayMs.optional().describe("Wait this long before sending response headers."),
    streamError: z
      .object({ type: ApiErrorTypeSchema, message: z.string() })
      .strict()
      .optional()
      .describe(
        "Streaming only: after the content blocks, send an SSE `error` event instead of message_delta " +
          "and message_stop (as the real API does when it is overloaded mid-stream).",
      ),
    fault: StreamFaultSchema.optional().describe(
      "Streaming only: break the stream after `afterEvents` SSE events (for fault tests).",
    ),
  })
  .strict();
export type ResponseTurn = z.infer<typeof ResponseTurnSchema>;

export const ErrorTurnSchema = z
  .object({
    error: z
      .object({
        status: z.number().int().min(400).max(599),
        type: ApiErrorTypeSchema.optional(),
        message: z.string().optional(),
        retryAfter: z
          .number()
          .nonnegative()
          .nullable()
          .optional()
          .describe("Seconds, sent as the retry-after header (a 429 gets 1 unless given; null sends none)."),
      })
      .strict(),
    delayMs: delayMs.optional(),
  })
  .strict();
export type ErrorTurn = z.infer<typeof ErrorTurnSchema>;

export const ScriptTurnSchema = z.union([ErrorTurnSchema, ResponseTurnSchema]);
export type ScriptTurn = ResponseTurn | ErrorTurn;

export const ScriptFileSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    turns: z.array(z.unknown()),
  })
  .strict();

export function isErrorTurn(turn: ScriptTurn): turn is ErrorTurn {
  return "error" in turn;
}

/**
 * Validates one turn. A plain union would report "invalid input" for both branches, so the
 * branch is picked by the presence of `error` and only that branch's issues are reported.
 */
export function parseTurn(value: unknown, where: string): ScriptTurn {
  const isError = typeof value === "object" && value !== null && "error" in value;
  const result = (isError ? ErrorTurnSchema : ResponseTurnSchema).safeParse(value);
  if (!result.success) throw new ScriptError(`${where}: ${formatIssues(result.error)}`);
  return result.data;
}

export class ScriptError extends Error {
  override name = "ScriptError";
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`));
      const at = path.join("").replace(/^\./, "");
      return at ? `${at}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
