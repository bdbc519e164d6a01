import { z } from "zod";
import { lazy } from "./lazy-table";

/**
 * Shapes shared by methods and events. The object shapes are built on first use (`X()`, see
 * lazy-table.ts): an idle daemon and a short-lived client build only those their methods need
 * (issue #13: zod schemas are most of what importing the protocol costs). Enums stay values.
 */

export const PermissionMode = z.enum(["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk"]);
export type PermissionMode = z.infer<typeof PermissionMode>;

export const SessionStatus = z.enum(["idle", "running", "waiting_permission", "interrupted", "closed"]);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const Usage = lazy(() =>
  z.object({
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cache_creation_input_tokens: z.number().int().nonnegative().default(0),
    cache_read_input_tokens: z.number().int().nonnegative().default(0),
  }),
);
export type Usage = z.infer<ReturnType<typeof Usage>>;

/** Anthropic content blocks, kept open: the API adds block types over time. */
export const ContentBlock = lazy(() => z.looseObject({ type: z.string() }));
export type ContentBlock = z.infer<ReturnType<typeof ContentBlock>>;

export const SessionInfo = lazy(() =>
  z.object({
    id: z.string(),
    cwd: z.string(),
    title: z.string().nullable(),
    model: z.string().nullable(),
    status: SessionStatus,
    permissionMode: PermissionMode,
    createdAt: z.number(),
    updatedAt: z.number(),
    lastSeq: z.number().int().nonnegative(),
    messageCount: z.number().int().nonnegative(),
    live: z.boolean().describe("True while the session is loaded in the daemon."),
    attachedClients: z.number().int().nonnegative(),
    persisted: z.boolean(),
    firstPrompt: z.string().nullable(),
    parentId: z.string().nullable(),
    bytes: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("Approximate stored size (persisted sessions)."),
  }),
);
export type SessionInfo = z.infer<ReturnType<typeof SessionInfo>>;

/** What a permission prompt shows: the engine's verdict in plain words. */
export const CommandDescription = lazy(() =>
  z.object({
    summary: z.string(),
    programs: z.array(z.string()),
    writes: z.array(z.string()),
    reads: z.array(z.string()),
    network: z.array(z.string()),
    risks: z.array(z.string()),
  }),
);
export type CommandDescription = z.infer<ReturnType<typeof CommandDescription>>;

export const PermissionAnswer = z.enum(["allow_once", "allow_session", "allow_always", "deny"]);
export type PermissionAnswer = z.infer<typeof PermissionAnswer>;

export const PermissionRequest = lazy(() =>
  z.object({
    requestId: z.string(),
    toolUseId: z.string(),
    tool: z.string(),
    input: z.unknown(),
    /** Why the engine asks, in one sentence. */
    reason: z.string(),
    /** The model's own description of the call, when it gave one. */
    modelDescription: z.string().optional(),
    description: CommandDescription().optional(),
    /** Rules that "allow always" would save; empty when only a one-off allow is possible. */
    suggestions: z.array(z.string()),
    createdAt: z.number(),
  }),
);
export type PermissionRequest = z.infer<ReturnType<typeof PermissionRequest>>;

/** A daemon-wide notice: settings problems, retention sweep results, a store that cannot be written. */
export const DaemonNotice = lazy(() =>
  z.object({
    level: z.enum(["info", "warning", "error"]),
    message: z.string(),
    /** Stable machine-readable kind, e.g. `retention_sweep`, `store_unavailable`, `retention_settings`. */
    code: z.string().optional(),
    /** Set when the notice is about one session. */
    sessionId: z.string().optional(),
  }),
);
export type DaemonNotice = z.infer<ReturnType<typeof DaemonNotice>>;
