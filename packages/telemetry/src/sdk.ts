// The OpenTelemetry SDK behind a TelemetrySink. Every SDK module is imported dynamically, so a
// daemon with telemetry off never loads (or, bundled, parses) any of it.
import { readFileSync } from "node:fs";
import { arch, release, type as osType } from "node:os";
import type { Counter } from "@opentelemetry/api";
import type { Logger as OtelLogger } from "@opentelemetry/api-logs";
import type { LogRecordExporter } from "@opentelemetry/sdk-logs";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { OtlpTarget, TelemetryConfig } from "./config";
import { METER_NAME, METRICS, type MetricKey, SERVICE_NAME } from "./names";
import type { TelemetrySink } from "./session-telemetry";

export interface SinkOptions {
  appVersion: string;
  /** Called once when exports start failing (and again after they recovered and failed anew). */
  warn(message: string): void;
  /** Bounds the event queue while the collector is unreachable; older records are dropped. */
  maxQueuedEvents?: number;
}

const SHUTDOWN_LIMIT_MS = 3_000;

/** An exporter's result callback; code 0 is success (ExportResultCode.SUCCESS). */
type ExportCallback = (result: { code: number; error?: Error }) => void;
type Exporting = { export(items: unknown, done: ExportCallback): void };

/**
 * Reports failed exports once per failure streak: an unreachable collector must not flood the
 * log (the SDK drops the data; turns never wait for it).
 */
function warnOnFailure<T extends Exporting>(exporter: T, what: string, warn: (m: string) => void): T {
  const original = exporter.export.bind(exporter);
  let failing = false;
  exporter.export = (items, done) => {
    original(items, (result) => {
      if (result.code !== 0 && !failing) {
        failing = true;
        warn(
          `Telemetry ${what} export failed; data is dropped until the collector answers: ${result.error?.message ?? "unknown error"}`,
        );
      } else if (result.code === 0) failing = false;
      done(result);
    });
  };
  return exporter;
}

function exporterOptions(target: OtlpTarget) {
  return {
    url: target.url,
    headers: target.headers,
    timeoutMillis: target.timeoutMs,
    ...(target.clientCertificate && target.clientKey
      ? {
          httpAgentOptions: {
            cert: readFileSync(target.clientCertificate),
            key: readFileSync(target.clientKey),
          },
        }
      : {}),
  };
}

async function metricExporters(config: TelemetryConfig): Promise<PushMetricExporter[]> {
  const out: PushMetricExporter[] = [];
  const { AggregationTemporality, ConsoleMetricExporter } = await import("@opentelemetry/sdk-metrics");
  const temporalityPreference =
    config.metrics.temporality === "delta" ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  for (const kind of config.metrics.exporters) {
    if (kind === "console")
      out.push(new ConsoleMetricExporter({ temporalitySelector: () => temporalityPreference }));
    else if (config.metrics.otlp?.protocol === "http/json") {
      const { OTLPMetricExporter } = await import("@opentelemetry/exporter-metrics-otlp-http");
      out.push(new OTLPMetricExporter({ ...exporterOptions(config.metrics.otlp), temporalityPreference }));
    } else if (config.metrics.otlp) {
      const { OTLPMetricExporter } = await import("@opentelemetry/exporter-metrics-otlp-proto");
      out.push(new OTLPMetricExporter({ ...exporterOptions(config.metrics.otlp), temporalityPreference }));
    }
  }
  return out;
}

async function logExporters(config: TelemetryConfig): Promise<LogRecordExporter[]> {
  const out: LogRecordExporter[] = [];
  const { ConsoleLogRecordExporter } = await import("@opentelemetry/sdk-logs");
  for (const kind of config.logs.exporters) {
    if (kind === "console") out.push(new ConsoleLogRecordExporter());
    else if (config.logs.otlp?.protocol === "http/json") {
      const { OTLPLogExporter } = await import("@opentelemetry/exporter-logs-otlp-http");
      out.push(new OTLPLogExporter(exporterOptions(config.logs.otlp)));
    } else if (config.logs.otlp) {
      const { OTLPLogExporter } = await import("@opentelemetry/exporter-logs-otlp-proto");
      out.push(new OTLPLogExporter(exporterOptions(config.logs.otlp)));
    }
  }
  return out;
}

/**
 * The OTLP exporters merge OTEL_EXPORTER_OTLP_* from the process environment into the options
 * they are given. In the daemon that is whichever terminal started it, not the session: its
 * headers or certificates must not join every session's exports.
 */
function forgetProcessExporterVariables(): void {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("OTEL_EXPORTER_OTLP_")) delete process.env[name];
  }
}

/** Builds the SDK pipeline for one configuration: a meter provider and a logger provider. */
export async function openOtelSink(config: TelemetryConfig, options: SinkOptions): Promise<TelemetrySink> {
  forgetProcessExporterVariables();
  const [
    { MeterProvider, PeriodicExportingMetricReader },
    { LoggerProvider, BatchLogRecordProcessor },
    resources,
  ] = await Promise.all([
    import("@opentelemetry/sdk-metrics"),
    import("@opentelemetry/sdk-logs"),
    import("@opentelemetry/resources"),
  ]);
  const resource = resources.resourceFromAttributes({
    "service.name": SERVICE_NAME,
    "service.version": options.appVersion,
    "os.type": osType().toLowerCase(),
    "os.version": release(),
    "host.arch": arch(),
    ...config.resourceAttributes,
  });
  const readers = (await metricExporters(config)).map(
    (exporter) =>
      new PeriodicExportingMetricReader({
        exporter: warnOnFailure(exporter, "metrics", options.warn),
        exportIntervalMillis: config.metrics.intervalMs,
        exportTimeoutMillis: Math.min(config.metrics.intervalMs, config.metrics.otlp?.timeoutMs ?? 10_000),
      }),
  );
  const meterProvider = readers.length ? new MeterProvider({ resource, readers }) : undefined;
  const processors = (await logExporters(config)).map(
    (exporter) =>
      new BatchLogRecordProcessor({
        exporter: warnOnFailure(exporter, "events", options.warn),
        scheduledDelayMillis: config.logs.intervalMs,
        maxQueueSize: options.maxQueuedEvents ?? 2048,
        maxExportBatchSize: 512,
        exportTimeoutMillis: config.logs.otlp?.timeoutMs ?? 10_000,
      }),
  );
  const loggerProvider = processors.length ? new LoggerProvider({ resource, processors }) : undefined;

  const meter = meterProvider?.getMeter(METER_NAME, options.appVersion);
  const counters = new Map<MetricKey, Counter>();
  const counter = (key: MetricKey): Counter | undefined => {
    if (!meter) return undefined;
    let c = counters.get(key);
    if (!c) {
      const spec = METRICS[key];
      c = meter.createCounter(spec.name, { unit: spec.unit, description: spec.description });
      counters.set(key, c);
    }
    return c;
  };
  const logger: OtelLogger | undefined = loggerProvider?.getLogger(METER_NAME, options.appVersion);
  return {
    add(key, value, attributes) {
      counter(key)?.add(value, attributes);
    },
    event(body, attributes) {
      logger?.emit({ body, eventName: body, attributes, timestamp: Date.now() });
    },
    async flush() {
      await Promise.all([meterProvider?.forceFlush(), loggerProvider?.forceFlush()]);
    },
    async shutdown() {
      // A last flush to a collector that does not answer must not hold up closing a session.
      const done = Promise.all([meterProvider?.shutdown(), loggerProvider?.shutdown()]);
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_LIMIT_MS);
        timer.unref();
      });
      await Promise.race([done.then(() => undefined), limit]).finally(() => clearTimeout(timer));
    },
  };
}
