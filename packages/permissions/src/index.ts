// @berth/permissions: rule grammar, decision engine, shell-command analysis and path policy.
// Pure: no filesystem, environment or network access. Anything that needs I/O (real paths,
// settings files) is done by the caller and passed in through the context.
export { type CommandInspection, createPermissionEngine, type PermissionEngine } from "./engine/create.js";
export { suggestRulesFor } from "./engine/suggest.js";
export { isInternalHost } from "./engine/web.js";
export { isInside } from "./paths/contain.js";
export { isCriticalPath, protectedReason } from "./paths/protected.js";
export { wrapperOnlyAdvice } from "./rules/advice.js";
export { type CompiledRule, CompiledRuleSet, compileRules, type RuleDiagnostic } from "./rules/compile.js";
export { type ParsedRule, type ParseResult, parseRule } from "./rules/parse.js";
export { defaultGrammarPath, type ParserOptions } from "./shell/parser.js";
export type {
  Behavior,
  CommandDescription,
  Decision,
  DecisionReason,
  PartDecision,
  PermissionContext,
  PermissionMode,
  ResolvePath,
  Rule,
  RuleList,
  RuleSource,
  RuleSourceKind,
  SafetyCheck,
  ToolRequest,
} from "./types.js";
export { guardSecretStores, type SecretStoreGuardInput } from "./guards/secret-stores.js";
