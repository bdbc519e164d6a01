// Reads a session's OpenTelemetry configuration from its environment (reference §4.2). Pure: the
// caller passes the environment (the client's, with trusted settings `env` applied) and the
// telemetry privacy switch. Anything malformed turns telemetry off with a warning naming the
// variable: a half-understood configuration could send data somewhere the admin did not mean.
import { z } from "zod";

export type Env = Readonly<Record<string, string | undefined>>;
export type OtlpProtocol = "http/json" | "http/protobuf";
export type MetricsExporterKind = "otlp" | "console";
export type LogsExporterKind = "otlp" | "console";

export interface OtlpTarget {
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  /** OTEL_EXPORTER_OTLP_TIMEOUT: how long one export (with its retries) may take. */
  timeoutMs: number;
  /** mTLS client certificate and key (file paths), from the METRICS/LOGS variables. */
  clientCertificate?: string;
  clientKey?: string;
}

export interface TelemetryConfig {
  metrics: {
    exporters: MetricsExporterKind[];
    otlp?: OtlpTarget;
    intervalMs: number;
    temporality: "delta" | "cumulative";
  };
  logs: { exporters: LogsExporterKind[]; otlp?: OtlpTarget; intervalMs: number };
  resourceAttributes: Record<string, string>;
  include: { sessionId: boolean; version: boolean; accountUuid: boolean };
  logUserPrompts: boolean;
  /** Tool parameters (Bash commands, paths) only with OTEL_LOG_TOOL_DETAILS=1: they can hold secrets. */
  logToolDetails: boolean;
  /** Header values: credentials for the collector, to be kept out of logs, reports and tools. */
  secrets: string[];
}

/** The telemetry switch as `privacySwitches` (packages/config) reports it. */
export interface TelemetrySwitch {
  disabled: boolean;
  variable: string | null;
  decidedBy: string;
}

export type TelemetryDecision =
  | { enabled: true; config: TelemetryConfig; warnings: string[] }
  | { enabled: false; reason: string; warnings: string[] };

export const ENABLE_VARIABLE = "CLAUDE_CODE_ENABLE_TELEMETRY";
const DEFAULT_ENDPOINT = "http://localhost:4318";

class ConfigProblem extends Error {}

const positiveMs = z.coerce.number().int().positive().max(86_400_000);
const httpUrl = z.url({ protocol: /^https?$/ });

function parseWith<T>(schema: z.ZodType<T>, name: string, value: string, expected: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ConfigProblem(`${name}=${JSON.stringify(value)} is not ${expected}`);
  return parsed.data;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim();
  if (value === undefined || value === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigProblem(`${name}=${JSON.stringify(value)} is not true or false`);
}

/** `k=v,k2=v2` with percent-encoded values (W3C Baggage rules): headers and resource attributes. */
export function parseKeyValueList(name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of value.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const key = eq > 0 ? item.slice(0, eq).trim() : "";
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      throw new ConfigProblem(`${name} has an entry without a valid key=value form ("${key || "?"}=...")`);
    }
    try {
      out[key] = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      throw new ConfigProblem(`${name} has a value for "${key}" that is not valid percent-encoding`);
    }
  }
  return out;
}

function exporterList<K extends string>(env: Env, name: string, allowed: readonly K[]): K[] {
  const value = env[name]?.trim();
  if (!value) return [];
  const kinds = value
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const out: K[] = [];
  for (const kind of kinds) {
    if (kind === "none") continue;
    if (kind === "prometheus") {
      throw new ConfigProblem(
        `${name}=prometheus is not supported by the Berth daemon (one daemon serves many sessions); use otlp`,
      );
    }
    if (!allowed.includes(kind as K)) {
      throw new ConfigProblem(
        `${name} has an unknown exporter "${kind}" (expected ${[...allowed, "none"].join(", ")})`,
      );
    }
    if (!out.includes(kind as K)) out.push(kind as K);
  }
  return out;
}

function otlpTarget(env: Env, signal: "METRICS" | "LOGS"): OtlpTarget {
  const specificProtocol = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const protocolVar = env[specificProtocol]?.trim() ? specificProtocol : "OTEL_EXPORTER_OTLP_PROTOCOL";
  const protocol = env[protocolVar]?.trim() || "http/protobuf";
  if (protocol === "grpc") {
    throw new ConfigProblem(`${protocolVar}=grpc is not supported by Berth; use http/protobuf or http/json`);
  }
  if (protocol !== "http/json" && protocol !== "http/protobuf") {
    throw new ConfigProblem(
      `${protocolVar}=${JSON.stringify(protocol)} is not one of http/protobuf, http/json`,
    );
  }
  const specificEndpoint = `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`;
  let url: string;
  if (env[specificEndpoint]?.trim()) {
    // A signal-specific endpoint is used as is (OTLP exporter specification).
    url = parseWith(httpUrl, specificEndpoint, env[specificEndpoint].trim(), "an http(s) URL");
  } else {
    const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_ENDPOINT;
    const parsed = parseWith(httpUrl, "OTEL_EXPORTER_OTLP_ENDPOINT", base, "an http(s) URL");
    url = `${parsed.replace(/\/+$/, "")}/v1/${signal.toLowerCase()}`;
  }
  const headers = {
    ...parseKeyValueList("OTEL_EXPORTER_OTLP_HEADERS", env.OTEL_EXPORTER_OTLP_HEADERS ?? ""),
    ...parseKeyValueList(
      `OTEL_EXPORTER_OTLP_${signal}_HEADERS`,
      env[`OTEL_EXPORTER_OTLP_${signal}_HEADERS`] ?? "",
    ),
  };
  const cert = env[`OTEL_EXPORTER_OTLP_${signal}_CLIENT_CERTIFICATE`]?.trim();
  const key = env[`OTEL_EXPORTER_OTLP_${signal}_CLIENT_KEY`]?.trim();
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigProblem(
      `OTEL_EXPORTER_OTLP_${signal}_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_${signal}_CLIENT_KEY must be set together`,
    );
  }
  const timeoutMs = interval(env, "OTEL_EXPORTER_OTLP_TIMEOUT", 10_000);
  return {
    url,
    protocol,
    headers,
    timeoutMs,
    ...(cert && key ? { clientCertificate: cert, clientKey: key } : {}),
  };
}

function interval(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  return value ? parseWith(positiveMs, name, value, "a positive number of milliseconds") : fallback;
}

/**
 * Decides whether a session exports telemetry and where. The privacy switch wins over
 * `CLAUDE_CODE_ENABLE_TELEMETRY` (spec §7); nothing is exported without an exporter variable.
 */
export function telemetryDecision(env: Env, privacy: TelemetrySwitch): TelemetryDecision {
  const enable = env[ENABLE_VARIABLE]?.trim() ?? "";
  if (enable === "" || /^(0|false)$/i.test(enable)) {
    return { enabled: false, reason: `${ENABLE_VARIABLE} is not set`, warnings: [] };
  }
  if (!/^(1|true)$/i.test(enable)) {
    const warning = `${ENABLE_VARIABLE}=${JSON.stringify(enable)} is not 1 or true; telemetry stays off`;
    return { enabled: false, reason: warning, warnings: [warning] };
  }
  if (privacy.disabled) {
    return {
      enabled: false,
      reason: `disabled by ${privacy.variable ?? "the privacy default"} (${privacy.decidedBy})`,
      warnings: [],
    };
  }
  try {
    const metricsExporters = exporterList(env, "OTEL_METRICS_EXPORTER", ["otlp", "console"] as const);
    const logsExporters = exporterList(env, "OTEL_LOGS_EXPORTER", ["otlp", "console"] as const);
    if (metricsExporters.length === 0 && logsExporters.length === 0) {
      return {
        enabled: false,
        reason: "no exporter configured (OTEL_METRICS_EXPORTER, OTEL_LOGS_EXPORTER)",
        warnings: [],
      };
    }
    const temporality = (
      env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE?.trim() || "delta"
    ).toLowerCase();
    if (temporality !== "delta" && temporality !== "cumulative") {
      throw new ConfigProblem(
        `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=${JSON.stringify(temporality)} is not delta or cumulative`,
      );
    }
    const metricsOtlp = metricsExporters.includes("otlp") ? otlpTarget(env, "METRICS") : undefined;
    const logsOtlp = logsExporters.includes("otlp") ? otlpTarget(env, "LOGS") : undefined;
    const secrets = [metricsOtlp, logsOtlp].flatMap((t) => Object.values(t?.headers ?? {}));
    const config: TelemetryConfig = {
      metrics: {
        exporters: metricsExporters,
        ...(metricsOtlp ? { otlp: metricsOtlp } : {}),
        intervalMs: interval(env, "OTEL_METRIC_EXPORT_INTERVAL", 60_000),
        temporality,
      },
      logs: {
        exporters: logsExporters,
        ...(logsOtlp ? { otlp: logsOtlp } : {}),
        intervalMs: interval(env, "OTEL_LOGS_EXPORT_INTERVAL", 5_000),
      },
      resourceAttributes: parseKeyValueList("OTEL_RESOURCE_ATTRIBUTES", env.OTEL_RESOURCE_ATTRIBUTES ?? ""),
      include: {
        sessionId: flag(env, "OTEL_METRICS_INCLUDE_SESSION_ID", true),
        version: flag(env, "OTEL_METRICS_INCLUDE_VERSION", false),
        accountUuid: flag(env, "OTEL_METRICS_INCLUDE_ACCOUNT_UUID", true),
      },
      logUserPrompts: flag(env, "OTEL_LOG_USER_PROMPTS", false),
      logToolDetails: flag(env, "OTEL_LOG_TOOL_DETAILS", false),
      secrets: [...new Set(secrets)],
    };
    return { enabled: true, config, warnings: [] };
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error;
    const warning = `Telemetry is off: ${error.message}.`;
    return { enabled: false, reason: warning, warnings: [warning] };
  }
}

/** Where the exports of a configuration go, for `berth privacy` (never the header values). */
export function destinationsOf(config: TelemetryConfig): string[] {
  const out: string[] = [];
  for (const [signal, part] of [
    ["metrics", config.metrics],
    ["events", config.logs],
  ] as const) {
    for (const kind of part.exporters) {
      out.push(
        kind === "otlp" && part.otlp
          ? `${signal}: ${part.otlp.url} (${part.otlp.protocol})`
          : `${signal}: ${kind}`,
      );
    }
  }
  return out;
}

/**
 * The OpenTelemetry exporter variables Berth consumes. Tool processes (Bash, hooks) never get
 * them: they hold the collector's credentials, and a child SDK would export to the team's
 * collector on its own.
 */
export function isExporterVariable(name: string): boolean {
  return /^OTEL_(EXPORTER_|METRICS_EXPORTER$|LOGS_EXPORTER$|TRACES_EXPORTER$|METRIC_EXPORT_|LOGS_EXPORT_|LOG_)/.test(
    name,
  );
}
