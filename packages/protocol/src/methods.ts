import { z } from "zod";
import { DaemonNotice, PermissionAnswer, PermissionMode, PermissionRequest, SessionInfo } from "./common";
import { SessionEventNotification } from "./events";
import { costMethods } from "./methods-cost";
import { historyMethods, RetentionConfirmation, RetentionIntent, SessionSnapshot } from "./methods-history";
import { mcpMethods } from "./methods-mcp";
import { authMethods, doctorMethods, policyMethods } from "./methods-policy";
import { privacyMethods } from "./methods-privacy";
import { contextMethods } from "./methods-context";
import { lazy, lazyTable } from "./lazy-table";

/** Frames larger than this get a MessageTooLarge error; the connection stays open. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const SessionRef = lazy(() => z.object({ sessionId: z.string().min(1).max(128) }));

export const CreateSessionParams = lazy(() =>
  z.object({
    cwd: z.string().min(1).describe("Absolute working directory of the session."),
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "The creating client's environment (filtered by the client): provider, credentials, proxies.",
      ),
    model: z.string().optional(),
    permissionMode: PermissionMode.optional(),
    persist: z.boolean().default(true).describe("False keeps the session out of history entirely."),
    interactive: z
      .boolean()
      .default(true)
      .describe("False for print mode: permission questions become denials reported to the model."),
    trustWorkspace: z
      .boolean()
      .optional()
      .describe("Explicit trust for this folder (print mode's trust flag)."),
    addDirs: z.array(z.string()).default([]),
    settings: z
      .string()
      .optional()
      .describe("`--settings`: a settings file path (relative to cwd) or inline JSON."),
    allowedTools: z.array(z.string()).default([]),
    disallowedTools: z.array(z.string()).default([]),
    title: z.string().max(200).optional(),
    maxTurns: z.number().int().positive().optional(),
    maxBudgetUsd: z
      .number()
      .positive()
      .optional()
      .describe("`--max-budget-usd`: spend allowed for this session; past it model requests are refused."),
    systemPromptAppend: z.string().optional(),
    mcpConfig: z
      .array(z.string())
      .default([])
      .describe("`--mcp-config` values: MCP config file paths or inline JSON."),
    strictMcpConfig: z.boolean().optional().describe("Use only the `--mcp-config` servers."),
  }),
);

/**
 * One method table. Each entry: params schema, result schema and a note. Types,
 * validation on both ends and docs/protocol.md are all derived from it. Entries are built on
 * first use (lazy-table.ts), so a client pays only for the methods it calls.
 */
export const methods = lazyTable({
  initialize: () => ({
    params: z.object({
      protocolVersion: z.string(),
      clientInfo: z.object({ name: z.string().max(100), version: z.string().max(50) }),
      retention: RetentionIntent()
        .default("sweep")
        .describe(
          "What this client's arrival means for the daemon's start-up retention sweep: `sweep` lets it run, `defer` (a dry run) leaves it waiting for another client, `confirm` (an interactive client) lets it run but asks first when it would remove many sessions.",
        ),
    }),
    result: z.object({
      protocolVersion: z.string(),
      serverInfo: z.object({ name: z.string(), version: z.string(), pid: z.number() }),
      clientId: z.string(),
      notices: z
        .array(DaemonNotice())
        .default([])
        .describe("Notices no client has seen yet (e.g. what the last retention sweep removed)."),
      retentionConfirmation: RetentionConfirmation()
        .nullable()
        .default(null)
        .describe(
          "Set for a `confirm` client when the pending sweep would remove many sessions after cleanupPeriodDays was lowered: ask the user, then call `history/confirmSweep`.",
        ),
    }),
    doc: "First request on every connection; nothing else is served before it.",
  }),
  "session/create": () => ({
    params: CreateSessionParams(),
    result: z.object({ session: SessionInfo() }),
    doc: "Creates a live session in the daemon. Call `session/attach` to receive its events.",
  }),
  "session/resume": () => ({
    // Like create, but the folder, persistence and title come from the stored session.
    params: CreateSessionParams()
      .omit({ cwd: true, persist: true, title: true })
      .extend({
        sessionId: z.string().min(1).max(128),
      }),
    result: z.object({ session: SessionInfo() }),
    doc: "Loads a stored session into the daemon with the resuming client's environment (a no-op returning its info when it is live already). A turn cut off by a daemon stop is marked interrupted and the conversation continues from the last complete message. Then `session/attach` (afterSeq = session.lastSeq) and page the transcript with `session/messages`.",
  }),
  "session/list": () => ({
    params: z.object({
      cwd: z.string().optional(),
      limit: z.number().int().min(1).max(500).default(50),
      cursor: z.string().optional(),
    }),
    result: z.object({ sessions: z.array(SessionInfo()), nextCursor: z.string().nullable() }),
    doc: "Lists sessions, newest activity first, with cursor pagination.",
  }),
  "session/get": () => ({
    params: SessionRef(),
    result: z.object({ session: SessionInfo() }),
    doc: "One session's summary.",
  }),
  "session/attach": () => ({
    params: SessionRef().extend({
      afterSeq: z
        .number()
        .int()
        .nonnegative()
        .default(0)
        .describe("Last sequence number the client saw; 0 replays everything."),
      maxReplay: z
        .number()
        .int()
        .nonnegative()
        .max(1_000_000)
        .default(20_000)
        .describe("More missed events than this and the daemon sends a snapshot instead of replaying them."),
    }),
    result: z.object({
      session: SessionInfo(),
      lastSeq: z.number().int().nonnegative(),
      pendingPermissions: z.array(PermissionRequest()),
      snapshot: SessionSnapshot()
        .nullable()
        .default(null)
        .describe(
          "Set when the cursor was too old: no replay follows; live events continue from snapshot.seq + 1.",
        ),
    }),
    doc: "Attaches to a live session. Missed events (seq > afterSeq) follow as `session/event` notifications, then live ones, each exactly once; when more than `maxReplay` were missed, the result carries a snapshot instead. A stored session that is not live must be loaded with `session/resume` first.",
  }),
  "session/detach": () => ({
    params: SessionRef(),
    result: z.object({}),
    doc: "Stops receiving a session's events. The session lives on.",
  }),
  "session/send": () => ({
    params: SessionRef().extend({ text: z.string().min(1).max(1_000_000) }),
    result: z.object({ turnId: z.string() }),
    doc: "Sends a user message. If a turn is running, the message is queued and runs next.",
  }),
  "session/interrupt": () => ({
    params: SessionRef(),
    result: z.object({ interrupted: z.boolean() }),
    doc: "Aborts the running turn (model stream and tool processes).",
  }),
  "session/compact": () => ({
    params: SessionRef().extend({
      instructions: z
        .string()
        .max(4000)
        .optional()
        .describe("What the summary should keep (`/compact focus on the API`)."),
    }),
    result: z.object({ queued: z.literal(true) }),
    doc: "Queues a compaction after the running turn (if any): the model summarises the older conversation, recent turns are kept, a `compaction` event follows. The stored transcript keeps every message.",
  }),
  "session/clear": () => ({
    params: SessionRef(),
    result: z.object({ queued: z.literal(true) }),
    doc: "Queues a fresh start of the conversation after the running turn (if any): the model sees nothing of the earlier messages, which stay in the stored transcript (a `compaction` event with trigger `clear`).",
  }),
  "session/close": () => ({
    params: SessionRef(),
    result: z.object({ closed: z.boolean() }),
    doc: "Unloads a live session from the daemon (interrupting a running turn). Its history stays stored.",
  }),
  "session/setMode": () => ({
    params: SessionRef().extend({ permissionMode: PermissionMode }),
    result: z.object({ permissionMode: PermissionMode }),
    doc: "Switches the permission mode; managed policy may refuse bypassPermissions.",
  }),
  "session/setModel": () => ({
    params: SessionRef().extend({ model: z.string().min(1).max(200) }),
    result: z.object({ model: z.string() }),
    doc: "Switches the model this live session uses from its next model request (`/model`). Not stored: a resumed session takes its model from flags and settings.",
  }),
  "permission/respond": () => ({
    params: SessionRef().extend({
      requestId: z.string(),
      answer: PermissionAnswer,
      message: z.string().max(10_000).optional().describe("Feedback for the model when denying."),
    }),
    result: z.object({ accepted: z.literal(true) }),
    doc: "Answers a permission request. The first answer wins; later ones get AlreadyAnswered.",
  }),
  "daemon/status": () => ({
    params: z.object({}).default({}),
    result: z.object({
      pid: z.number(),
      version: z.string(),
      protocolVersion: z.string(),
      home: z.string(),
      startedAt: z.number(),
      uptimeMs: z.number(),
      liveSessions: z.number(),
      clients: z.number(),
      rssBytes: z.number(),
    }),
    doc: "Daemon health and counters.",
  }),
  "daemon/shutdown": () => ({
    params: z.object({}).default({}),
    result: z.object({}),
    doc: "Graceful shutdown: running turns are interrupted and stored, shells are killed.",
  }),
  ...policyMethods,
  ...authMethods,
  ...doctorMethods,
  ...historyMethods,
  ...mcpMethods,
  ...costMethods,
  ...privacyMethods,
  ...contextMethods,
});

export type MethodTable = typeof methods;
export type MethodName = keyof MethodTable;
export type ParamsOf<M extends MethodName> = z.input<MethodTable[M]["params"]>;
export type ParsedParamsOf<M extends MethodName> = z.output<MethodTable[M]["params"]>;
export type ResultOf<M extends MethodName> = z.output<MethodTable[M]["result"]>;

/** Daemon → client notifications. */
export const notifications = lazyTable({
  "session/event": () => ({
    params: SessionEventNotification(),
    doc: "One session event with its sequence number.",
  }),
  "session/dropped": () => ({
    params: z.object({ sessionId: z.string(), reason: z.string() }),
    doc: "The daemon stopped sending this session's events to this client (e.g. it fell too far behind). Re-attach with the last seen seq.",
  }),
  "daemon/notice": () => ({
    params: DaemonNotice(),
    doc: "A daemon-wide notice (settings errors, retention sweep results).",
  }),
});
export type NotificationName = keyof typeof notifications;
export type NotificationParams<N extends NotificationName> = z.output<(typeof notifications)[N]["params"]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
