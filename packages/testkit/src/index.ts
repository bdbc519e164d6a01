// Public API of @berth/testkit: a fake Anthropic Messages API speaking the real wire format,
// script builders and schemas, and small helpers for isolated tests.
export { type ApiErrorBody, apiErrorResponse, errorTypeForStatus } from "./api-errors.js";
export { apiError, stopWith, text, thinking, toolUse, turn, webSearch } from "./builders.js";
export {
  type CapturedBody,
  type CapturedMessage,
  type CapturedRequest,
  lastToolResult,
  lastUserText,
  systemText,
  type ToolResultView,
  toolResults,
} from "./captured.js";
export {
  type ApiErrorType,
  ApiErrorTypeSchema,
  ContentBlockSchema,
  type ErrorTurn,
  ErrorTurnSchema,
  isErrorTurn,
  parseTurn,
  type ResponseTurn,
  ResponseTurnSchema,
  type ScriptContentBlock,
  ScriptError,
  ScriptFileSchema,
  type ScriptTurn,
  ScriptTurnSchema,
  type ScriptUsage,
  ServerToolUseBlockSchema,
  type StopReason,
  StopReasonSchema,
  type StreamFault,
  StreamFaultSchema,
  TextBlockSchema,
  ThinkingBlockSchema,
  ToolUseBlockSchema,
  UsageSchema,
  WebSearchToolResultBlockSchema,
} from "./schemas.js";
export { loadScriptFile, parseScript } from "./script-file.js";
export { type FakeAnthropic, type FakeAnthropicOptions, startFakeAnthropic } from "./server.js";
export { makeTempDir, makeTempHome, type TempDir, type TempHome } from "./temp.js";
export type { Responder } from "./turn-source.js";
export { waitFor, type WaitForOptions } from "./wait-for.js";
export { buildMessage, chunkText, type SseEvent, streamEvents, type WireMessage } from "./wire.js";
export {
  PLANTED,
  plantedPage,
  startTestWebServer,
  type TestWebServer,
  type TestWebServerOptions,
} from "./web-server.js";
export { makeTestCertificates, type TestCertificates } from "./test-ca.js";
export { type ForwardProxy, startForwardProxy } from "./forward-proxy.js";
export {
  type OtlpReceiver,
  type OtlpValue,
  type ReceivedLog,
  type ReceivedPoint,
  type ReceivedRequest,
  startOtlpReceiver,
} from "./otlp-receiver.js";
export {
  type HttpRecorder,
  type RecordedRequest,
  startHttpRecorder,
  startRecordingProxy,
} from "./http-recorder.js";
