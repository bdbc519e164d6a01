// A real OTLP/HTTP receiver for tests and benchmarks: accepts /v1/metrics and /v1/logs in
// http/protobuf and http/json, decodes them (protobufjs with the subset of the OTLP schema we
// read) and keeps flat records the tests can assert on.
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import protobuf from "protobufjs";

export type OtlpValue = string | number | boolean;
export interface ReceivedPoint {
  metric: string;
  unit: string;
  value: number;
  attributes: Record<string, OtlpValue>;
  resource: Record<string, OtlpValue>;
}
export interface ReceivedLog {
  body: string;
  eventName: string;
  attributes: Record<string, OtlpValue>;
  resource: Record<string, OtlpValue>;
}
export interface ReceivedRequest {
  path: string;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface OtlpReceiver {
  readonly url: string;
  readonly points: ReceivedPoint[];
  readonly logs: ReceivedLog[];
  readonly requests: ReceivedRequest[];
  /** Sum of every point of a metric whose attributes include `where`. */
  sum(metric: string, where?: Record<string, OtlpValue>): number;
  close(): Promise<void>;
}

// The fields of opentelemetry/proto/{common,resource,metrics,logs}/v1 and the collector
// requests that the assertions need; unknown fields are skipped by protobufjs.
const SCHEMA = {
  nested: {
    AnyValue: {
      oneofs: { value: { oneof: ["stringValue", "boolValue", "intValue", "doubleValue"] } },
      fields: {
        stringValue: { type: "string", id: 1 },
        boolValue: { type: "bool", id: 2 },
        intValue: { type: "int64", id: 3 },
        doubleValue: { type: "double", id: 4 },
      },
    },
    KeyValue: { fields: { key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } } },
    Resource: { fields: { attributes: { rule: "repeated", type: "KeyValue", id: 1 } } },
    NumberDataPoint: {
      fields: {
        asDouble: { type: "double", id: 4 },
        asInt: { type: "sfixed64", id: 6 },
        attributes: { rule: "repeated", type: "KeyValue", id: 7 },
      },
    },
    Sum: { fields: { dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 } } },
    Gauge: { fields: { dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 } } },
    Metric: {
      fields: {
        name: { type: "string", id: 1 },
        unit: { type: "string", id: 3 },
        gauge: { type: "Gauge", id: 5 },
        sum: { type: "Sum", id: 7 },
      },
    },
    ScopeMetrics: { fields: { metrics: { rule: "repeated", type: "Metric", id: 2 } } },
    ResourceMetrics: {
      fields: {
        resource: { type: "Resource", id: 1 },
        scopeMetrics: { rule: "repeated", type: "ScopeMetrics", id: 2 },
      },
    },
    ExportMetricsServiceRequest: {
      fields: { resourceMetrics: { rule: "repeated", type: "ResourceMetrics", id: 1 } },
    },
    LogRecord: {
      fields: {
        body: { type: "AnyValue", id: 5 },
        attributes: { rule: "repeated", type: "KeyValue", id: 6 },
        eventName: { type: "string", id: 12 },
      },
    },
    ScopeLogs: { fields: { logRecords: { rule: "repeated", type: "LogRecord", id: 2 } } },
    ResourceLogs: {
      fields: {
        resource: { type: "Resource", id: 1 },
        scopeLogs: { rule: "repeated", type: "ScopeLogs", id: 2 },
      },
    },
    ExportLogsServiceRequest: { fields: { resourceLogs: { rule: "repeated", type: "ResourceLogs", id: 1 } } },
  },
};
const root = protobuf.Root.fromJSON(SCHEMA);
const MetricsRequest = root.lookupType("ExportMetricsServiceRequest");
const LogsRequest = root.lookupType("ExportLogsServiceRequest");

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
};
type KeyValue = { key: string; value?: AnyValue };

function anyValue(v: AnyValue | undefined): OtlpValue {
  if (!v) return "";
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  return Number(v.doubleValue ?? 0);
}

function attributes(list: KeyValue[] | undefined): Record<string, OtlpValue> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// biome-ignore lint/suspicious/noExplicitAny: decoded OTLP trees are walked structurally
type Tree = any;

function decode(kind: "metrics" | "logs", contentType: string, body: Buffer): Tree {
  if (contentType.includes("json")) return JSON.parse(body.toString("utf8"));
  const type = kind === "metrics" ? MetricsRequest : LogsRequest;
  return type.toObject(type.decode(body), { longs: Number, defaults: false });
}

export async function startOtlpReceiver(options: { status?: number } = {}): Promise<OtlpReceiver> {
  const points: ReceivedPoint[] = [];
  const logs: ReceivedLog[] = [];
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      const contentType = req.headers["content-type"] ?? "";
      const body = await readRaw(req);
      requests.push({ path, contentType, headers: req.headers });
      const status = options.status ?? 200;
      if (status === 200 && path.endsWith("/v1/metrics")) {
        for (const rm of decode("metrics", contentType, body).resourceMetrics ?? []) {
          const resource = attributes(rm.resource?.attributes);
          for (const sm of rm.scopeMetrics ?? [])
            for (const m of sm.metrics ?? [])
              for (const p of (m.sum ?? m.gauge)?.dataPoints ?? [])
                points.push({
                  metric: m.name,
                  unit: m.unit ?? "",
                  value: Number(p.asDouble ?? p.asInt ?? 0),
                  attributes: attributes(p.attributes),
                  resource,
                });
        }
      } else if (status === 200 && path.endsWith("/v1/logs")) {
        for (const rl of decode("logs", contentType, body).resourceLogs ?? []) {
          const resource = attributes(rl.resource?.attributes);
          for (const sl of rl.scopeLogs ?? [])
            for (const r of sl.logRecords ?? [])
              logs.push({
                body: String(anyValue(r.body)),
                eventName: r.eventName ?? "",
                attributes: attributes(r.attributes),
                resource,
              });
        }
      }
      res.writeHead(status, {
        "content-type": contentType.includes("json") ? "application/json" : contentType,
      });
      res.end(contentType.includes("json") ? "{}" : undefined);
    })().catch(() => {
      res.writeHead(400).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    points,
    logs,
    requests,
    sum(metric, where = {}) {
      return points
        .filter((p) => p.metric === metric && Object.entries(where).every(([k, v]) => p.attributes[k] === v))
        .reduce((total, p) => total + p.value, 0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
