// @berth/tools: the built-in tools and the persistent shell they run commands in.
import { bashTool } from "./tools/bash.js";
import { editTool } from "./tools/edit.js";
import { globTool } from "./tools/glob.js";
import { grepTool } from "./tools/grep.js";
import { lsTool } from "./tools/ls.js";
import { multiEditTool } from "./tools/multi-edit.js";
import { readTool } from "./tools/read.js";
import { todoWriteTool } from "./tools/todo-write.js";
import { writeTool } from "./tools/write.js";
import type { ToolDefinition } from "./types.js";
import { webFetchTool } from "./web/web-fetch.js";
import { webSearchTool } from "./web/web-search.js";

export { defineTool, parseToolInput, toJsonSchema } from "./define.js";
export { createShellSession } from "./shell/session.js";
export { signalProcesses } from "./shell/process-groups.js";
export type { ShellRunOptions, ShellRunResult, ShellSession, ShellSessionOptions } from "./shell/types.js";
export { createTodoStore } from "./todos.js";
export { truncateMiddle } from "./truncate.js";
export type { TodoItem, TodoStatus, TodoStore, ToolContext, ToolDefinition, ToolResult } from "./types.js";
export { bashTool, editTool, globTool, grepTool, lsTool, multiEditTool, readTool, todoWriteTool, writeTool };
export {
  createWebFetchTool,
  SIDE_SYSTEM_PROMPT,
  webFetchTool,
  type WebFetchOptions,
} from "./web/web-fetch.js";
export { webSearchTool };
export type {
  FetchLike,
  SideQuery,
  SideQueryRequest,
  WebAccess,
  WebSearchOutcome,
  WebSearchRequest,
  WebSearchSource,
} from "./web/types.js";

/** Every built-in tool, in the order they are offered to the model (the tools are stateless). */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list; each entry validates its own input.
export function builtinTools(): ToolDefinition<any>[] {
  return [
    readTool,
    writeTool,
    editTool,
    multiEditTool,
    globTool,
    grepTool,
    lsTool,
    bashTool,
    todoWriteTool,
    webFetchTool,
    webSearchTool,
  ];
}
