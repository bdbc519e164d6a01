import { describe, expect, it } from "vitest";
import { destinationsOf, telemetryDecision } from "./config";

const on = { disabled: false, variable: null, decidedBy: "default" };
const base = { CLAUDE_CODE_ENABLE_TELEMETRY: "1", OTEL_METRICS_EXPORTER: "otlp", OTEL_LOGS_EXPORTER: "otlp" };

describe("telemetryDecision", () => {
  it("is off unless CLAUDE_CODE_ENABLE_TELEMETRY is set, and the privacy switch wins", () => {
    expect(telemetryDecision({ OTEL_METRICS_EXPORTER: "otlp" }, on).enabled).toBe(false);
    const off = telemetryDecision(base, {
      disabled: true,
      variable: "DISABLE_TELEMETRY",
      decidedBy: "/etc/x.json",
    });
    expect(off).toMatchObject({ enabled: false, reason: "disabled by DISABLE_TELEMETRY (/etc/x.json)" });
  });

  it("builds signal URLs from the base endpoint and merges per-signal headers", () => {
    const d = telemetryDecision(
      {
        ...base,
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com/",
        OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20abc,x-team=a",
        OTEL_EXPORTER_OTLP_LOGS_HEADERS: "x-team=b",
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "https://logs.example.com/custom",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      },
      on,
    );
    if (!d.enabled) throw new Error(d.reason);
    expect(d.config.metrics.otlp).toMatchObject({
      url: "https://otel.example.com/v1/metrics",
      protocol: "http/json",
      headers: { Authorization: "Bearer abc", "x-team": "a" },
    });
    expect(d.config.logs.otlp).toMatchObject({
      url: "https://logs.example.com/custom",
      headers: { "x-team": "b" },
    });
    expect(d.config.secrets).toEqual(expect.arrayContaining(["Bearer abc", "a", "b"]));
    expect(destinationsOf(d.config)).toEqual([
      "metrics: https://otel.example.com/v1/metrics (http/json)",
      "events: https://logs.example.com/custom (http/json)",
    ]);
    expect(d.config.metrics.intervalMs).toBe(60_000);
    expect(d.config.logs.intervalMs).toBe(5_000);
  });

  it.each([
    [{ OTEL_METRICS_EXPORTER: "otlp,statsd" }, 'OTEL_METRICS_EXPORTER has an unknown exporter "statsd"'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" },
      'OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" is not an http(s) URL',
    ],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "grpc is not supported"],
    [{ OTEL_METRIC_EXPORT_INTERVAL: "soon" }, 'OTEL_METRIC_EXPORT_INTERVAL="soon" is not a positive number'],
    [
      { OTEL_EXPORTER_OTLP_HEADERS: "novalue" },
      "OTEL_EXPORTER_OTLP_HEADERS has an entry without a valid key=value",
    ],
    [{ OTEL_RESOURCE_ATTRIBUTES: "team=%zz" }, 'OTEL_RESOURCE_ATTRIBUTES has a value for "team"'],
    [
      { OTEL_METRICS_INCLUDE_SESSION_ID: "maybe" },
      'OTEL_METRICS_INCLUDE_SESSION_ID="maybe" is not true or false',
    ],
    [
      { CLAUDE_CODE_ENABLE_TELEMETRY: "yes please" },
      'CLAUDE_CODE_ENABLE_TELEMETRY="yes please" is not 1 or true',
    ],
  ])("turns telemetry off with a warning naming the variable: %o", (extra, message) => {
    const d = telemetryDecision({ ...base, ...extra }, on);
    expect(d.enabled).toBe(false);
    expect(d.warnings.join(" ")).toContain(message);
  });
});
