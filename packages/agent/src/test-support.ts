// Shared set-up for the loop's tests (not exported from the package): the real SDK client pointed
// at testkit's fake Messages API, a session wired to collect everything it emits, and small
// test-local tools for cases the built-in tools cannot stage (a tool that throws, one that blocks).
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import type { EventOf, SessionEvent, SessionEventType } from "@berth/protocol";
import {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  makeTempDir,
  startFakeAnthropic,
  type TempDir,
} from "@berth/testkit";
import type { TodoItem, ToolContext } from "@berth/tools";
import { z } from "zod";
import { AgentSession } from "./loop.js";
import type { AgentSessionOptions, AnyTool, GateResult, PermissionGate, ToolCall } from "./types.js";

export const allowAll: PermissionGate = async () => ({ behavior: "allow" });

export interface Harness {
  fake: FakeAnthropic;
  session: AgentSession;
  dir: TempDir;
  events: SessionEvent[];
  persisted: MessageParam[];
  gateCalls: ToolCall[];
  of<T extends SessionEventType>(type: T): EventOf<T>[];
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<AgentSessionOptions, "gate" | "emit" | "messages">> {
  fake?: FakeAnthropicOptions;
  gate?: (call: ToolCall, signal: AbortSignal) => Promise<GateResult>;
  /** Extra context for tools (the shell, once a test needs one). */
  context?: Partial<Omit<ToolContext, "signal" | "onOutput">>;
  /** Overrides for the SDK client (a missing key, another base URL). */
  client?: ConstructorParameters<typeof Anthropic>[0];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { fake: fakeOptions, gate = allowAll, context, client: clientOptions, ...rest } = options;
  const fake = await startFakeAnthropic(fakeOptions);
  const dir = makeTempDir("berth-agent-");
  const client = new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries: 0, ...clientOptions });
  const events: SessionEvent[] = [];
  const persisted: MessageParam[] = [];
  const gateCalls: ToolCall[] = [];
  let todos: TodoItem[] = [];
  const session = new AgentSession({
    sessionId: "ses_test",
    cwd: dir.path,
    model: "claude-test-1",
    tools: [],
    ...rest,
    messages: client.messages,
    toolContext: {
      sessionId: "ses_test",
      cwd: dir.path,
      todos: { get: () => todos, set: (next) => (todos = next) },
      shell: () => {
        throw new Error("this test has no shell");
      },
      ...context,
    },
    gate: (call, signal) => {
      gateCalls.push(call);
      return gate(call, signal);
    },
    emit: (event) => events.push(event),
    onMessage: (message) => persisted.push(message),
  });
  return {
    fake,
    session,
    dir,
    events,
    persisted,
    gateCalls,
    of: <T extends SessionEventType>(type: T) => events.filter((e): e is EventOf<T> => e.type === type),
    async close() {
      await fake.close();
      dir.cleanup();
    },
  };
}

/** A tool the test controls completely: `run` decides what happens. */
export function fakeTool(
  name: string,
  run: (input: { value: string }, ctx: ToolContext) => Promise<{ content: string; isError?: boolean }>,
): AnyTool {
  const inputSchema = z.object({ value: z.string() }).strict();
  return {
    name,
    description: `Test tool ${name}.`,
    inputSchema: inputSchema as z.ZodType<unknown>,
    jsonSchema: z.toJSONSchema(inputSchema) as Record<string, unknown>,
    readOnly: true,
    execute: (input, ctx) => run(input as { value: string }, ctx),
  };
}

export const echoTool = fakeTool("Echo", async ({ value }) => ({ content: `echo: ${value}` }));

/** The types of the events, in order, for compact sequence assertions. */
export const typesOf = (events: readonly SessionEvent[]) => events.map((event) => event.type);
