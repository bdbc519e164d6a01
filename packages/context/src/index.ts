// @berth/context: what the project tells the agent. CLAUDE.md memory (locations, @imports,
// trust) and hooks (matching, the runner, the documented exit-code and JSON semantics).
export { findImports, resolveImport } from "./memory/imports.js";
export {
  folderCandidates,
  loadMemory,
  MAX_IMPORT_DEPTH,
  MAX_MEMORY_FILE_BYTES,
  type MemoryLoadOptions,
  MemoryLoader,
  projectChain,
} from "./memory/load.js";
export type {
  MemoryFile,
  MemoryOrigin,
  MemoryProblem,
  MemoryProblemKind,
  MemorySet,
} from "./memory/types.js";
export { type MemoryWatcher, watchMemory } from "./memory/watch.js";
export { aggregateRuns, describeHook } from "./hooks/aggregate.js";
export { HookEngine, type HookEngineOptions } from "./hooks/engine.js";
export { type HookListing, listHooks } from "./hooks/listing.js";
export { countGroups, type ReviewedHooks, reviewHooks } from "./hooks/review.js";
export { matcherMatches } from "./hooks/matcher.js";
export {
  HOOK_OUTPUT_MAX_CHARS,
  hookJsonOutputSchema,
  type HookJsonOutput,
  parseHookStdout,
} from "./hooks/output.js";
export { runHookCommand } from "./hooks/run-command.js";
export { DEFAULT_HOOK_TIMEOUT_MS, type HookSwitches, selectHooks } from "./hooks/select.js";
export {
  emptyOutcome,
  HOOK_EVENT_NAMES,
  type HookEventName,
  type HookGroupConfig,
  type HookHandlerConfig,
  type HookOutcome,
  type HookPermissionDecision,
  type HookRun,
  type HooksConfig,
  type HookSource,
  type SelectedHook,
} from "./hooks/types.js";
