// Privacy switches that act: `privacy/status` explains them, `bug/report` writes and sends a
// redacted report only where the user's settings allow, and with every switch off the only
// traffic through the proxy is the model's.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import {
  type HttpRecorder,
  type OtlpReceiver,
  startHttpRecorder,
  startOtlpReceiver,
  startRecordingProxy,
  text,
  turn,
} from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openSession, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

const KEY = "sk-ant-api03-BUGREPORTSECRET0123456789abcdefXYZ";
let t: TestDaemon | undefined;
const servers: Array<HttpRecorder | OtlpReceiver | { close(): Promise<void> }> = [];
afterEach(async () => {
  await t?.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  t = undefined;
});

describe("privacy/status", () => {
  it("names the deciding variable and file, and where data would go", async () => {
    t = await startTestDaemon({ userSettings: { env: { DISABLE_BUG_COMMAND: "1" } } });
    const conn = await t.connect();
    const env = {
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com",
    };
    const status = await conn.request("privacy/status", { cwd: t.project, env });
    const by = Object.fromEntries(status.switches.map((s) => [s.name, s]));
    expect(by.telemetry).toMatchObject({ disabled: false, sending: true });
    expect(by.telemetry?.destination).toContain("https://otel.example.com/v1/metrics");
    expect(by.bugCommand).toMatchObject({ disabled: true, variable: "DISABLE_BUG_COMMAND", sending: false });
    expect(by.bugCommand?.decidedBy).toContain("settings.json");

    const bedrock = await conn.request("privacy/status", {
      cwd: t.project,
      env: { ...env, CLAUDE_CODE_USE_BEDROCK: "1" },
    });
    const tel = bedrock.switches.find((s) => s.name === "telemetry");
    expect(tel).toMatchObject({
      disabled: true,
      variable: "CLAUDE_CODE_USE_BEDROCK",
      decidedBy: "provider-default",
    });

    const bad = await conn.request("privacy/status", {
      cwd: t.project,
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: "otel:4318" },
    });
    expect(bad.telemetryWarnings.join(" ")).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(bad.switches.find((s) => s.name === "telemetry")?.sending).toBe(false);
  });
});

describe("bug/report", () => {
  it("writes a redacted report, sends it to bugReportUrl, and keeps it when the destination fails", async () => {
    const ok = await startHttpRecorder();
    const failing = await startHttpRecorder({ status: 500 });
    servers.push(ok, failing);
    t = await startTestDaemon({ userSettings: { bugReportUrl: `${ok.url}/reports` } });
    t.fake.enqueue(turn(text("noted")));
    const conn = await t.connect();
    const env = { ...sessionEnv(t.fake), ANTHROPIC_API_KEY: KEY };
    const { session, view, rec } = await openSession(t, conn, { env });
    await view.send(`my key is ${KEY}, please keep it`);
    await rec.waitFor("turn_completed");

    const sent = await conn.request("bug/report", {
      cwd: t.project,
      env,
      sessionId: session.id,
      description: "it broke",
      send: true,
    });
    expect(sent.sendError).toBeNull();
    expect(sent.sent).toEqual({ url: `${ok.url}/reports`, status: 200 });
    const file = readFileSync(sent.path, "utf8");
    expect(statSync(sent.path).mode & 0o777).toBe(0o600);
    expect(file).toContain("it broke");
    expect(file).toContain("noted");
    expect(file).not.toContain(KEY);
    expect(sent.summary.messages).toBe(2);
    expect(ok.requests).toHaveLength(1);
    expect(ok.requests[0]?.body.trim()).toBe(file.trim());
    expect(ok.requests[0]?.body).not.toContain(KEY);

    writeFileSync(`${t.home}/settings.json`, JSON.stringify({ bugReportUrl: failing.url }));
    const failed = await conn.request("bug/report", {
      cwd: t.project,
      env,
      sessionId: session.id,
      send: true,
    });
    expect(failed.sendError).toContain("answered HTTP 500");
    expect(failed.sendError).toContain(failed.path);
    expect(existsSync(failed.path)).toBe(true);
    expect(failing.requests).toHaveLength(1);
  });

  it("is refused, naming the switch and where it was set, when disabled", async () => {
    const sink = await startHttpRecorder();
    servers.push(sink);
    t = await startTestDaemon({ userSettings: { bugReportUrl: sink.url } });
    const conn = await t.connect();
    await expect(
      conn.request("bug/report", { cwd: t.project, env: { DISABLE_FEEDBACK_COMMAND: "1" }, send: true }),
    ).rejects.toMatchObject({
      errorName: "PolicyRefused",
      message: expect.stringContaining("DISABLE_FEEDBACK_COMMAND (set in environment)"),
    });
    expect(sink.requests).toEqual([]);
  });

  it("ignores a bugReportUrl from project settings", async () => {
    const sink = await startHttpRecorder();
    servers.push(sink);
    t = await startTestDaemon();
    const conn = await t.connect();
    await conn.request("trust/set", { cwd: t.project, trusted: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(`${t.project}/.claude`, { recursive: true });
    writeFileSync(`${t.project}/.claude/settings.json`, JSON.stringify({ bugReportUrl: sink.url }));
    const result = await conn.request("bug/report", { cwd: t.project, env: {}, send: true });
    expect(result.sent).toBeNull();
    expect(result.sendError).toContain("only managed or user settings may set it");
    expect(sink.requests).toEqual([]);
  });
});

describe("outbound traffic with every switch off", () => {
  it("is only the model's requests, even with telemetry and a bug destination configured", async () => {
    const proxy = await startRecordingProxy();
    const collector = await startOtlpReceiver();
    const bugSink = await startHttpRecorder();
    servers.push(proxy, collector, bugSink);
    t = await startTestDaemon({ userSettings: { bugReportUrl: bugSink.url } });
    t.fake.enqueue(turn(text("hi")));
    const conn = await t.connect();
    const env = {
      ...sessionEnv(t.fake),
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_LOGS_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_METRIC_EXPORT_INTERVAL: "100",
      OTEL_LOGS_EXPORT_INTERVAL: "100",
    };
    const { session, view, rec } = await openSession(t, conn, { env });
    await view.send("hello");
    await rec.waitFor("turn_completed");
    await expect(
      conn.request("bug/report", { cwd: t.project, env, sessionId: session.id, send: true }),
    ).rejects.toMatchObject({
      errorName: "PolicyRefused",
      message: expect.stringContaining("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"),
    });
    await conn.request("session/close", { sessionId: session.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const model = new URL(t.fake.url);
    expect(proxy.destinations.length).toBeGreaterThan(0);
    // undici tunnels plain http through CONNECT too; either way the only host is the model's.
    const hosts = proxy.destinations.map((d) => (d.startsWith("CONNECT ") ? d.slice(8) : new URL(d).host));
    expect(new Set(hosts)).toEqual(new Set([model.host]));
    expect(collector.requests).toEqual([]);
    expect(bugSink.requests).toEqual([]);
  });
});
