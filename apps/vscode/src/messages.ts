import { z } from "zod";

/**
 * The messages between the extension host and the chat webview. Both ends validate every
 * message with these schemas: the webview is untrusted content as far as the host is concerned,
 * and the daemon's token or anything else secret never appears in them.
 */
export const Answer = z.enum(["allow_once", "allow_always", "deny"]);
export type Answer = z.infer<typeof Answer>;

/** One session event as the webview draws it (the host validated it against the protocol). */
export const WireEvent = z.object({
  seq: z.number().int().nonnegative(),
  event: z.looseObject({ type: z.string() }),
});
export type WireEvent = z.infer<typeof WireEvent>;

export const Header = z.object({
  sessionId: z.string(),
  title: z.string(),
  status: z.string(),
  mode: z.string(),
  costUsd: z.number().nonnegative(),
  connected: z.boolean(),
});
export type Header = z.infer<typeof Header>;

/** What the webview keeps across a window reload (VS Code's webview state); validated on restore. */
export const WebviewState = z.object({
  sessionId: z.string().min(1).max(128),
  lastSeq: z.number().int().nonnegative(),
});
export type WebviewState = z.infer<typeof WebviewState>;

export const ToWebview = z.discriminatedUnion("type", [
  z.object({ type: z.literal("reset"), header: Header }),
  z.object({ type: z.literal("header"), header: Header }),
  z.object({ type: z.literal("events"), events: z.array(WireEvent).max(5000) }),
  /** Text for the input box at the cursor (an @-mention the user picked). */
  z.object({ type: z.literal("insert"), text: z.string().max(4096) }),
  z.object({
    type: z.literal("notice"),
    level: z.enum(["info", "warning", "error"]),
    text: z.string().max(2000),
  }),
]);
export type ToWebview = z.infer<typeof ToWebview>;

export const FromWebview = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("send"), text: z.string().min(1).max(100_000) }),
  z.object({ type: z.literal("interrupt") }),
  /** The user typed `@`: the host offers the workspace's files. */
  z.object({ type: z.literal("mention") }),
  z.object({ type: z.literal("answer"), requestId: z.string().min(1).max(200), answer: Answer }),
]);
export type FromWebview = z.infer<typeof FromWebview>;
