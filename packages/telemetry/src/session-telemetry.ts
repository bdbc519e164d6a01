// One session's view of telemetry: the documented metrics and events with the standard
// attributes (reference §4.3). It only shapes data; the sink (sdk.ts) does the exporting.
import { extname } from "node:path";
import type { TelemetryConfig } from "./config";
import { CODE_EDIT_TOOLS, type EventKey, eventBody, EVENTS, type MetricKey } from "./names";

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** Where metrics and events go. The OpenTelemetry SDK implements it (sdk.ts); tests may record. */
export interface TelemetrySink {
  add(metric: MetricKey, value: number, attributes: Attributes): void;
  event(body: string, attributes: Attributes): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface SessionIdentity {
  sessionId: string;
  appVersion: string;
  terminalType: string;
  organizationId?: string;
  accountUuid?: string;
}

export interface ApiUsage {
  model: string;
  costUsd: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export type Decision = "accept" | "reject";
/** Who decided: a rule or the mode (`config`), the user for the session or for good, or a refusal. */
export type DecisionSource = "config" | "user_permanent" | "user_temporary" | "user_abort" | "user_reject";

const LANGUAGES: Record<string, string> = {
  ".ts": "TypeScript",
  ".tsx": "TypeScript",
  ".js": "JavaScript",
  ".jsx": "JavaScript",
  ".mjs": "JavaScript",
  ".py": "Python",
  ".go": "Go",
  ".rs": "Rust",
  ".java": "Java",
  ".rb": "Ruby",
  ".md": "Markdown",
  ".json": "JSON",
  ".sh": "Shell",
  ".c": "C",
  ".cpp": "C++",
  ".cs": "C#",
  ".css": "CSS",
  ".html": "HTML",
  ".yaml": "YAML",
  ".yml": "YAML",
};

export function languageOf(path: unknown): string {
  return typeof path === "string" ? (LANGUAGES[extname(path).toLowerCase()] ?? "unknown") : "unknown";
}

export class SessionTelemetry {
  private readonly metricAttributes: Attributes;
  private readonly eventAttributes: Attributes;

  constructor(
    private readonly sink: TelemetrySink,
    identity: SessionIdentity,
    private readonly config: Pick<TelemetryConfig, "include" | "logUserPrompts" | "logToolDetails">,
  ) {
    const optional: Attributes = {
      ...(identity.organizationId ? { "organization.id": identity.organizationId } : {}),
      ...(identity.accountUuid ? { "user.account_uuid": identity.accountUuid } : {}),
    };
    this.eventAttributes = {
      "session.id": identity.sessionId,
      "app.version": identity.appVersion,
      "terminal.type": identity.terminalType,
      ...optional,
    };
    // The cardinality switches apply to metrics only: events are records, not time series.
    const { include } = config;
    this.metricAttributes = {
      ...(include.sessionId ? { "session.id": identity.sessionId } : {}),
      ...(include.version ? { "app.version": identity.appVersion } : {}),
      "terminal.type": identity.terminalType,
      ...(identity.organizationId ? { "organization.id": identity.organizationId } : {}),
      ...(include.accountUuid && identity.accountUuid ? { "user.account_uuid": identity.accountUuid } : {}),
    };
  }

  private metric(key: MetricKey, value: number, extra: Attributes = {}): void {
    this.sink.add(key, value, { ...this.metricAttributes, ...extra });
  }

  private event(key: EventKey, extra: Attributes): void {
    this.sink.event(eventBody(key), {
      ...this.eventAttributes,
      "event.name": EVENTS[key],
      "event.timestamp": new Date().toISOString(),
      ...extra,
    });
  }

  /** Tool parameters are exported only with OTEL_LOG_TOOL_DETAILS=1; callers skip building them otherwise. */
  get includesToolDetails(): boolean {
    return this.config.logToolDetails;
  }

  sessionStarted(startType: "fresh" | "resume" | "fork"): void {
    this.metric("sessionCount", 1, { start_type: startType });
  }

  /** After each model request: the same numbers the usage ledger records. */
  apiRequest(u: ApiUsage): void {
    const model = { model: u.model };
    this.metric("tokens", u.inputTokens, { ...model, type: "input" });
    this.metric("tokens", u.outputTokens, { ...model, type: "output" });
    this.metric("tokens", u.cacheReadTokens, { ...model, type: "cacheRead" });
    this.metric("tokens", u.cacheCreationTokens, { ...model, type: "cacheCreation" });
    this.metric("cost", u.costUsd, model);
    this.event("apiRequest", {
      model: u.model,
      cost_usd: u.costUsd,
      duration_ms: u.durationMs,
      input_tokens: u.inputTokens,
      output_tokens: u.outputTokens,
      cache_read_tokens: u.cacheReadTokens,
      cache_creation_tokens: u.cacheCreationTokens,
    });
  }

  apiError(e: {
    model: string;
    error: string;
    statusCode?: number;
    durationMs: number;
    attempt: number;
  }): void {
    this.event("apiError", {
      model: e.model,
      error: e.error,
      status_code: e.statusCode === undefined ? "undefined" : String(e.statusCode),
      duration_ms: e.durationMs,
      attempt: e.attempt,
    });
  }

  /** Prompt text leaves only with OTEL_LOG_USER_PROMPTS=1; otherwise its length. */
  userPrompt(text: string): void {
    this.event("userPrompt", {
      prompt_length: text.length,
      prompt: this.config.logUserPrompts ? text : "<REDACTED>",
    });
  }

  toolDecision(d: { toolName: string; decision: Decision; source: DecisionSource; input: unknown }): void {
    this.event("toolDecision", { tool_name: d.toolName, decision: d.decision, source: d.source });
    if ((CODE_EDIT_TOOLS as readonly string[]).includes(d.toolName)) {
      const path = (d.input as { file_path?: unknown; notebook_path?: unknown } | null) ?? {};
      this.metric("codeEditDecision", 1, {
        tool: d.toolName,
        tool_name: d.toolName,
        decision: d.decision,
        source: d.source,
        language: languageOf(path.file_path ?? path.notebook_path),
      });
    }
  }

  toolResult(r: {
    toolName: string;
    success: boolean;
    durationMs: number;
    error?: string;
    decision: Decision;
    source: DecisionSource;
    parameters?: Record<string, unknown>;
  }): void {
    this.event("toolResult", {
      tool_name: r.toolName,
      success: r.success ? "true" : "false",
      duration_ms: r.durationMs,
      ...(r.error ? { error: r.error } : {}),
      decision: r.decision,
      source: r.source,
      ...(r.parameters && this.config.logToolDetails
        ? { tool_parameters: JSON.stringify(r.parameters) }
        : {}),
    });
  }

  linesOfCode(added: number, removed: number): void {
    if (added > 0) this.metric("linesOfCode", added, { type: "added" });
    if (removed > 0) this.metric("linesOfCode", removed, { type: "removed" });
  }

  activeTime(seconds: number, type: "user" | "cli"): void {
    if (seconds > 0) this.metric("activeTime", seconds, { type });
  }

  commit(): void {
    this.metric("commits", 1);
  }

  pullRequest(): void {
    this.metric("pullRequests", 1);
  }

  flush(): Promise<void> {
    return this.sink.flush();
  }

  shutdown(): Promise<void> {
    return this.sink.shutdown();
  }
}
