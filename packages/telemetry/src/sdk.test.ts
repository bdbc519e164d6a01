// The SDK pipeline against a real OTLP/HTTP receiver, in both wire encodings.
import { type OtlpReceiver, startOtlpReceiver, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type { TelemetrySwitch } from "./config";
import { openTelemetryPipeline } from "./open";

async function openSessionTelemetry(options: {
  env: Record<string, string>;
  privacy: typeof on;
  identity: typeof identity;
  warn(m: string): void;
}) {
  const pipeline = await openTelemetryPipeline({ ...options, appVersion: options.identity.appVersion });
  return { ...pipeline, telemetry: pipeline.forSession(options.identity) };
}

const identity = { sessionId: "s-1", appVersion: "9.9.9", terminalType: "xterm" };
const on: TelemetrySwitch = { disabled: false, variable: null, decidedBy: "default" };
let receiver: OtlpReceiver | undefined;
afterEach(() => receiver?.close());

function envFor(url: string, protocol: string): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer collector-secret",
    OTEL_METRIC_EXPORT_INTERVAL: "100",
    OTEL_LOGS_EXPORT_INTERVAL: "100",
    OTEL_RESOURCE_ATTRIBUTES: "team=platform",
    OTEL_EXPORTER_OTLP_TIMEOUT: "1000",
  };
}

describe.each(["http/protobuf", "http/json"])("OTLP export over %s", (protocol) => {
  it("sends the documented names, values and attributes", async () => {
    receiver = await startOtlpReceiver();
    const opened = await openSessionTelemetry({
      env: envFor(receiver.url, protocol),
      privacy: on,
      identity,
      warn: () => {},
    });
    const t = opened.telemetry;
    if (!t) throw new Error(opened.offReason);
    expect(opened.secrets).toEqual(["Bearer collector-secret"]);
    t.sessionStarted("fresh");
    t.apiRequest({
      model: "claude-x",
      costUsd: 0.25,
      durationMs: 12,
      inputTokens: 100,
      outputTokens: 7,
      cacheReadTokens: 3,
      cacheCreationTokens: 2,
    });
    t.apiRequest({
      model: "claude-x",
      costUsd: 0.5,
      durationMs: 10,
      inputTokens: 50,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
    });
    t.userPrompt("secret plans");
    t.toolDecision({
      toolName: "Edit",
      decision: "accept",
      source: "config",
      input: { file_path: "/a/b.ts" },
    });
    await t.shutdown();
    const r = receiver;
    await waitFor(() => r.sum("claude_code.token.usage", { type: "input" }) === 150);
    expect(r.sum("claude_code.token.usage", { type: "output", model: "claude-x" })).toBe(8);
    expect(r.sum("claude_code.token.usage", { type: "cacheRead" })).toBe(3);
    expect(r.sum("claude_code.cost.usage", { model: "claude-x" })).toBeCloseTo(0.75);
    expect(r.sum("claude_code.session.count", { start_type: "fresh" })).toBe(1);
    expect(
      r.sum("claude_code.code_edit_tool.decision", {
        tool: "Edit",
        decision: "accept",
        language: "TypeScript",
      }),
    ).toBe(1);
    const tokens = r.points.find((p) => p.metric === "claude_code.token.usage");
    expect(tokens?.unit).toBe("tokens");
    expect(tokens?.attributes).toMatchObject({ "session.id": "s-1", "terminal.type": "xterm" });
    expect(tokens?.attributes["app.version"]).toBeUndefined(); // OTEL_METRICS_INCLUDE_VERSION defaults to false
    expect(tokens?.resource).toMatchObject({
      "service.name": "claude-code",
      "service.version": "9.9.9",
      team: "platform",
    });
    await waitFor(() => r.logs.length >= 4);
    const prompt = r.logs.find((l) => l.body === "claude_code.user_prompt");
    expect(prompt?.attributes).toMatchObject({
      "event.name": "user_prompt",
      prompt_length: 12,
      prompt: "<REDACTED>",
      "session.id": "s-1",
    });
    const api = r.logs.filter((l) => l.body === "claude_code.api_request");
    expect(api.map((l) => l.attributes.input_tokens)).toEqual([100, 50]);
    expect(r.logs.find((l) => l.body === "claude_code.tool_decision")?.attributes).toMatchObject({
      tool_name: "Edit",
      decision: "accept",
      source: "config",
    });
    expect(r.requests.every((q) => q.headers.authorization === "Bearer collector-secret")).toBe(true);
    expect(
      r.requests.some((q) => q.contentType.includes(protocol === "http/json" ? "json" : "protobuf")),
    ).toBe(true);
  });
});

describe("disabled telemetry", () => {
  it("loads nothing and sends nothing when DISABLE_TELEMETRY is set", async () => {
    receiver = await startOtlpReceiver();
    const opened = await openSessionTelemetry({
      env: envFor(receiver.url, "http/json"),
      privacy: { disabled: true, variable: "DISABLE_TELEMETRY", decidedBy: "environment" },
      identity,
      warn: () => {},
    });
    expect(opened.telemetry).toBeUndefined();
    expect(opened.offReason).toBe("disabled by DISABLE_TELEMETRY (environment)");
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toEqual([]);
  });

  it("warns once and drops data when the collector is unreachable", async () => {
    receiver = await startOtlpReceiver({ status: 503 });
    const warnings: string[] = [];
    const opened = await openSessionTelemetry({
      env: envFor(receiver.url, "http/json"),
      privacy: on,
      identity,
      warn: (m) => warnings.push(m),
    });
    const t = opened.telemetry;
    if (!t) throw new Error(opened.offReason);
    for (let i = 0; i < 5; i++) {
      t.userPrompt(`p${i}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    await t.shutdown();
    expect(receiver.requests.length).toBeGreaterThan(1);
    expect(warnings.filter((w) => w.includes("events export failed"))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes("metrics export failed")).length).toBeLessThanOrEqual(1);
  });
});
