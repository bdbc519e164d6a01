import { fstatSync, readFileSync } from "node:fs";
import { SessionView } from "@berth/client";
import type { SessionEvent, SessionEventNotification } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import { openResumed, type ResumeRequest } from "../commands/resume-target";
import { type SessionFlags, sessionFields } from "../session-options";
import { connectOrStart, openPipelined, sessionEnvironment } from "../connect";
import { describeError } from "../errors";
import { saveCodeCacheWhileIdle } from "../program-loader";
import { initMessage, type ResultMessage, resultMessage, toStreamMessages } from "./messages";

export interface PrintOptions extends SessionFlags {
  prompt: string | undefined;
  outputFormat: "text" | "json" | "stream-json";
  inputFormat: "text" | "stream-json";
  includePartialMessages: boolean;
  persist: boolean;
  maxTurns?: number;
  /** `--max-budget-usd`: the daemon refuses further model requests of this run past it. */
  maxBudgetUsd?: number;
  trust: boolean;
  appendSystemPrompt?: string;
  /** Set for `-p --continue` / `--resume <id>` (with `--fork-session`). */
  resume?: ResumeRequest;
}

type TurnEnd = Extract<SessionEvent, { type: "turn_completed" | "turn_failed" | "turn_interrupted" }>;

function apiKeySource(env: Record<string, string>): string {
  return env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN ? "user" : "none";
}

/** `berth -p`: one non-interactive run. Resolves to the process exit code. */
export async function runPrint(options: PrintOptions): Promise<number> {
  const prompts =
    options.inputFormat === "stream-json" ? readStreamJsonInput() : singlePrompt(options.prompt);
  const env = sessionEnvironment();
  const write = (obj: object) => process.stdout.write(`${JSON.stringify(obj)}\n`);
  const streaming = options.outputFormat === "stream-json";
  let exitCode = 0;
  const shared = {
    interactive: false,
    ...(options.trust ? { trustWorkspace: true } : {}),
    ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
    ...(options.maxBudgetUsd ? { maxBudgetUsd: options.maxBudgetUsd } : {}),
    ...(options.appendSystemPrompt ? { systemPromptAppend: options.appendSystemPrompt } : {}),
    ...sessionFields(options),
  };
  // --continue/--resume load a stored session (events from before it are not output again).
  const { conn, opened } = await openPipelined(
    (pipelineInitialize) => connectOrStart(undefined, { forSession: true, pipelineInitialize }),
    async (c) =>
      options.resume
        ? openResumed(c, options.resume, shared)
        : {
            ...(await c.request("session/create", {
              ...shared,
              cwd: process.cwd(),
              env,
              persist: options.persist,
            })),
            fromSeq: 0,
          },
  );
  const { session, fromSeq } = opened;
  mark("cli.session-created");
  const view = new SessionView(conn, session.id);
  const ends = new Map<string, (end: TurnEnd) => void>();
  const pendingEnds = new Map<string, TurnEnd>();
  view.on("event", (note: SessionEventNotification) => {
    const event = note.event;
    if (streaming) {
      if (event.type === "session_started") write(initMessage(session.id, event, apiKeySource(env)));
      for (const msg of toStreamMessages(session.id, event, options.includePartialMessages)) write(msg);
    }
    if (
      event.type === "turn_completed" ||
      event.type === "turn_failed" ||
      event.type === "turn_interrupted"
    ) {
      const waiter = ends.get(event.turnId);
      if (waiter) waiter(event);
      else pendingEnds.set(event.turnId, event);
    }
  });
  const onSignal = (signal: NodeJS.Signals) => {
    void view.interrupt().catch(() => undefined);
    setTimeout(() => process.exit(signal === "SIGTERM" ? 143 : 130), 200).unref();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // The daemon handles a connection's requests in order, so the first prompt's send may go out
  // right behind the attach without waiting for its answer (one round trip less), and the turn's
  // events still come after the attach. Not with stream-json input: that one waits for its
  // first line, and a client may wait for the init message before writing it.
  const attached = view.attach(fromSeq);
  attached.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  try {
    if (options.inputFormat !== "text") await attached;
    for await (const text of prompts) {
      const startedAt = Date.now();
      const sent = view.send(text);
      await attached;
      const { turnId } = await sent;
      // Nothing to do until the model answers: the moment to write a code cache this run owes.
      saveCodeCacheWhileIdle();
      const end = await new Promise<TurnEnd>((resolve) => {
        const early = pendingEnds.get(turnId);
        if (early) resolve(early);
        else ends.set(turnId, resolve);
      });
      mark("cli.turn-end");
      const result: ResultMessage = resultMessage(session.id, end, startedAt);
      if (result.is_error) exitCode = 1;
      if (options.outputFormat === "text") {
        if (result.is_error) process.stderr.write(`berth: ${result.errors?.join("; ") ?? result.subtype}\n`);
        else process.stdout.write(`${result.result ?? ""}\n`);
      } else {
        write(result);
      }
    }
  } catch (error) {
    process.stderr.write(`berth: ${describeError(error)}\n`);
    exitCode = 1;
  } finally {
    // The close frame follows the request on the socket: the daemon still closes the session
    // (requests in order), and this client does not wait a round trip for an answer it ignores.
    await Promise.all([
      conn.request("session/close", { sessionId: session.id }).catch(() => undefined),
      conn.close(),
    ]);
    mark("cli.closed");
  }
  return exitCode;
}

async function* singlePrompt(prompt: string | undefined): AsyncGenerator<string> {
  let text = prompt ?? "";
  if (!process.stdin.isTTY) {
    const piped = (await readStdin()).trim();
    text = [text, piped].filter(Boolean).join("\n\n");
  }
  if (!text.trim())
    throw new Error('No prompt given. Usage: berth -p "your prompt" (or pipe text on stdin).');
  yield text;
}

/**
 * All of stdin. A file or a device (`< notes.md`, `/dev/null` under CI and cron) is read at
 * once, without the stream machinery `process.stdin` sets up (~2 ms of a `berth -p`); a pipe
 * or socket, which may deliver slowly, through the stream.
 */
async function readStdin(): Promise<string> {
  const stat = fstatSync(0);
  if (stat.isFile() || stat.isCharacterDevice()) return readFileSync(0, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `--input-format stream-json`: one `{"type":"user","message":{...}}` per line on stdin. */
async function* readStreamJsonInput(): AsyncGenerator<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const raw of rl) {
    line++;
    if (!raw.trim()) continue;
    let parsed: { type?: string; message?: { role?: string; content?: unknown } };
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error(`stdin line ${line} is not valid JSON (expected a stream-json user message).`);
    }
    if (parsed.type !== "user" || parsed.message?.role !== "user") {
      throw new Error(
        `stdin line ${line}: expected {"type":"user","message":{"role":"user","content":...}}.`,
      );
    }
    const content = parsed.message.content;
    const text =
      typeof content === "string"
        ? content
        : Array.isArray(content)
          ? content
              .filter(
                (b): b is { type: "text"; text: string } => b?.type === "text" && typeof b.text === "string",
              )
              .map((b) => b.text)
              .join("\n")
          : "";
    if (!text) throw new Error(`stdin line ${line}: the user message has no text content.`);
    yield text;
  }
}
