import { z } from "zod";
import {
  ContentBlock,
  PermissionAnswer,
  PermissionMode,
  PermissionRequest,
  SessionStatus,
  Usage,
} from "./common";
import { lazy } from "./lazy-table";

/**
 * Session events: everything that happens in a session, in order. Each carries a
 * per-session sequence number (in the `session/event` notification) so a client
 * that re-attaches with the last number it saw receives exactly what it missed.
 */
const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape });

export const SessionEvent = lazy(() =>
  z.discriminatedUnion("type", [
    ev("session_started", {
      cwd: z.string(),
      model: z.string(),
      permissionMode: PermissionMode,
      tools: z.array(z.string()),
    }),
    ev("user_message", { text: z.string(), turnId: z.string() }),
    ev("turn_started", { turnId: z.string() }),
    ev("assistant_text_delta", {
      turnId: z.string(),
      messageId: z.string(),
      index: z.number().int(),
      text: z.string(),
    }),
    ev("assistant_message", {
      turnId: z.string(),
      messageId: z.string(),
      model: z.string(),
      content: z.array(ContentBlock()),
      stopReason: z.string().nullable(),
      usage: Usage(),
    }),
    ev("tool_use", {
      turnId: z.string(),
      toolUseId: z.string(),
      name: z.string(),
      input: z.unknown(),
    }),
    ev("permission_request", { turnId: z.string(), request: PermissionRequest() }),
    ev("permission_resolved", {
      requestId: z.string(),
      toolUseId: z.string(),
      answer: PermissionAnswer,
      /** `auto` when a rule or the mode decided; otherwise the answering client's id. */
      by: z.string(),
      message: z.string().optional(),
      rule: z.string().optional(),
    }),
    ev("tool_output_delta", { toolUseId: z.string(), chunk: z.string() }),
    ev("tool_result", {
      turnId: z.string(),
      toolUseId: z.string(),
      name: z.string(),
      content: z.string(),
      isError: z.boolean(),
      display: z.unknown().optional(),
    }),
    ev("usage", {
      turnId: z.string(),
      model: z.string(),
      usage: Usage(),
      costUsd: z.number(),
      priced: z.boolean(),
      durationMs: z.number(),
    }),
    ev("turn_completed", {
      turnId: z.string(),
      stopReason: z.string(),
      numRequests: z.number().int(),
      usage: Usage(),
      costUsd: z.number(),
      durationMs: z.number(),
      durationApiMs: z.number(),
      result: z.string(),
      permissionDenials: z
        .array(z.object({ tool_name: z.string(), tool_use_id: z.string(), tool_input: z.unknown() }))
        .default([]),
    }),
    ev("turn_interrupted", { turnId: z.string(), reason: z.string() }),
    ev("turn_failed", {
      turnId: z.string(),
      error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }),
    }),
    ev("status", { status: SessionStatus }),
    ev("mode_changed", { permissionMode: PermissionMode }),
    ev("notice", { level: z.enum(["info", "warning", "error"]), message: z.string() }),
    ev("mcp_status", {
      server: z.string(),
      status: z.enum([
        "starting",
        "connected",
        "restarting",
        "failed",
        "stopped",
        "pending",
        "rejected",
        "denied",
      ]),
      detail: z.string().optional(),
      toolCount: z.number().int().nonnegative(),
    }),
    /** One hook process finished (see docs: hooks). `output` is trimmed stderr/stdout, secrets redacted. */
    ev("hook_run", {
      event: z.string(),
      command: z.string(),
      source: z.string(),
      exitCode: z.number().int().nullable(),
      timedOut: z.boolean(),
      durationMs: z.number(),
      output: z.string(),
    }),
    ev("compaction", {
      trigger: z
        .enum(["auto", "manual", "clear"])
        .describe("`auto`: near the context window; `manual`: `/compact`; `clear`: `/clear` (no summary)."),
      summary: z.string().nullable().describe("What replaced the older messages in the model's context."),
      keptFromIdx: z
        .number()
        .int()
        .nonnegative()
        .describe(
          "Stored message index from which the model's history continues verbatim (after the summary). The stored transcript keeps every message.",
        ),
      preTokens: z.number().int().nonnegative(),
      postTokens: z.number().int().nonnegative().describe("An estimate (4 characters a token)."),
      summarizedMessages: z.number().int().nonnegative(),
      keptMessages: z.number().int().nonnegative(),
    }),
  ]),
);
export type SessionEvent = z.infer<ReturnType<typeof SessionEvent>>;
export type SessionEventType = SessionEvent["type"];
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

/** The `session/event` notification payload. */
export const SessionEventNotification = lazy(() =>
  z.object({
    sessionId: z.string(),
    seq: z.number().int().positive(),
    time: z.number(),
    event: SessionEvent(),
  }),
);
export type SessionEventNotification = z.infer<ReturnType<typeof SessionEventNotification>>;
