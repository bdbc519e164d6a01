// The contract between the agent loop and a built-in tool. A tool is three parts (like
// gemini-cli's tools.ts): a declaration the model reads (name, description, schemas), validation
// that turns the model's raw JSON into typed input, and an execution that honours an AbortSignal.
import type { z } from "zod";
import type { ShellSession } from "./shell/types.js";
import type { WebAccess } from "./web/types.js";

export type TodoStatus = "pending" | "in_progress" | "completed";

export interface TodoItem {
  content: string;
  status: TodoStatus;
  /** Present-continuous form shown while the item is in progress ("Running tests"). */
  activeForm: string;
}

/** The per-session todo list; the session owns it, TodoWrite replaces it wholesale. */
export interface TodoStore {
  get(): TodoItem[];
  set(todos: TodoItem[]): void;
}

export interface ToolContext {
  sessionId: string;
  /** Current working directory of the session (absolute). Relative paths resolve against it. */
  cwd: string;
  /** Interrupt: tools stop promptly and kill what they started. */
  signal: AbortSignal;
  /** Live output for attached clients (Bash streams here). */
  onOutput?: (chunk: string) => void;
  /** The session's persistent shell, created on first use. */
  shell: () => ShellSession;
  todos: TodoStore;
  /** Session environment for child processes and tool limits, already filtered by the caller. */
  env?: Record<string, string>;
  /** Outbound HTTP and the side model for WebFetch/WebSearch; absent, those tools report unavailable. */
  web?: WebAccess;
}

export interface ToolResult {
  /** What the model reads. */
  content: string;
  /** An error the model should see and work around (never a crash of the turn). */
  isError?: boolean;
  /** Structured information for user interfaces (diff, exit code, counts). Never sent to the model. */
  display?: unknown;
}

export interface ToolDefinition<I> {
  name: string;
  /** What the model reads to decide when and how to call the tool. */
  description: string;
  inputSchema: z.ZodType<I>;
  /** JSON Schema for the API's `tools[].input_schema`. */
  jsonSchema: Record<string, unknown>;
  /** True only for tools that cannot change anything outside the session; mutating when unsure. */
  readOnly: boolean;
  /** Never throws: failures come back as `{ isError: true }` with a message for the model. */
  execute(input: I, ctx: ToolContext): Promise<ToolResult>;
}
