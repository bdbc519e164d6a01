// Telemetry end to end: a real daemon, the fake model and a real OTLP/HTTP receiver. What the
// collector receives must match the usage ledger, and nothing may arrive when a switch is off
// or when only an untrusted project asks for telemetry.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiError, type OtlpReceiver, startOtlpReceiver, text, toolUse, turn, waitFor } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { openSession, sessionEnv, startTestDaemon, type TestDaemon } from "./harness";

let t: TestDaemon | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
  t = receiver = undefined;
});

function telemetryEnv(url: string): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer otel-header-secret-1234",
    OTEL_METRIC_EXPORT_INTERVAL: "100",
    OTEL_LOGS_EXPORT_INTERVAL: "100",
    TERM_PROGRAM: "berth-test-term",
  };
}

describe("telemetry from the daemon", () => {
  it("exports the session's metrics and events, equal to the usage ledger, and keeps OTEL_* from tools", async () => {
    receiver = await startOtlpReceiver();
    t = await startTestDaemon();
    const target = join(t.project, "out.ts");
    t.fake.enqueue(
      turn(toolUse("Write", { file_path: target, content: "a\nb\nc\n" })),
      turn(toolUse("Bash", { command: "printenv" })),
      turn(text("done")),
    );
    const conn = await t.connect();
    const { session, view, rec } = await openSession(t, conn, {
      env: { ...sessionEnv(t.fake), ...telemetryEnv(receiver.url) },
      permissionMode: "acceptEdits",
      allowedTools: ["Bash(printenv)"],
    });
    await view.send("write it");
    await rec.waitFor("turn_completed");
    await conn.request("session/close", { sessionId: session.id });
    const r = receiver;
    const ledger = t.daemon.store.sessionUsage(session.id);
    expect(ledger.requests).toBe(3);
    expect(ledger.inputTokens).toBeGreaterThan(0);
    expect(ledger.costUsd).toBeGreaterThan(0);
    const mine = { "session.id": session.id };
    await waitFor(() => r.sum("claude_code.token.usage", { ...mine, type: "input" }) === ledger.inputTokens, {
      timeoutMs: 20_000,
    });
    expect(r.sum("claude_code.token.usage", { ...mine, type: "output" })).toBe(ledger.outputTokens);
    expect(r.sum("claude_code.token.usage", { ...mine, type: "cacheRead" })).toBe(
      ledger.cacheReadInputTokens,
    );
    expect(r.sum("claude_code.token.usage", { ...mine, type: "cacheCreation" })).toBe(
      ledger.cacheCreationInputTokens,
    );
    expect(r.sum("claude_code.cost.usage", mine)).toBeCloseTo(ledger.costUsd, 9);
    expect(r.sum("claude_code.session.count", { ...mine, start_type: "fresh" })).toBe(1);
    expect(r.sum("claude_code.lines_of_code.count", { ...mine, type: "added" })).toBe(3);
    expect(
      r.sum("claude_code.code_edit_tool.decision", {
        tool: "Write",
        decision: "accept",
        language: "TypeScript",
      }),
    ).toBe(1);
    expect(r.points.find((p) => p.metric === "claude_code.token.usage")?.attributes["terminal.type"]).toBe(
      "berth-test-term",
    );

    await waitFor(() => r.logs.filter((l) => l.body === "claude_code.api_request").length === 3, {
      timeoutMs: 20_000,
    });
    const prompt = r.logs.find((l) => l.body === "claude_code.user_prompt");
    expect(prompt?.attributes).toMatchObject({
      "session.id": session.id,
      prompt: "<REDACTED>",
      prompt_length: 8,
    });
    const decisions = r.logs.filter((l) => l.body === "claude_code.tool_decision").map((l) => l.attributes);
    expect(decisions).toEqual([
      expect.objectContaining({ tool_name: "Write", decision: "accept", source: "config" }),
      expect.objectContaining({ tool_name: "Bash", decision: "accept", source: "config" }),
    ]);
    const results = r.logs.filter((l) => l.body === "claude_code.tool_result").map((l) => l.attributes);
    expect(results.map((a) => [a.tool_name, a.success])).toEqual([
      ["Write", "true"],
      ["Bash", "true"],
    ]);
    // The shell saw no exporter variables, so neither the collector's address nor its credentials.
    const printenv = rec.events.find((e) => e.event.type === "tool_result" && e.event.name === "Bash");
    const output = JSON.stringify(printenv?.event);
    expect(output).toContain("TERM_PROGRAM");
    expect(output).not.toContain("OTEL_");
    expect(output).not.toContain("otel-header-secret-1234");
  }, 60_000);

  it("names who decided each tool call, and reports failed requests as api_error", async () => {
    receiver = await startOtlpReceiver();
    t = await startTestDaemon();
    t.fake.enqueue(
      turn(toolUse("Write", { file_path: join(t.project, "a.md"), content: "x\n" })),
      turn(toolUse("Bash", { command: "curl https://example.com" })),
      turn(text("done")),
      apiError(400, "invalid_request_error", "prompt is too long"),
    );
    const conn = await t.connect();
    const { view, rec } = await openSession(t, conn, {
      env: { ...sessionEnv(t.fake), ...telemetryEnv(receiver.url) },
    });
    await view.send("go");
    const write = await rec.waitFor("permission_request");
    await view.respond(write.request, "allow_always");
    const bash = await waitFor(() => {
      const found = rec.events.find(
        (n) => n.event.type === "permission_request" && n.event.request.tool === "Bash",
      );
      return found?.event.type === "permission_request" ? found.event : undefined;
    });
    await view.respond(bash.request, "deny", "no");
    await rec.waitFor("turn_completed");
    await view.send("again");
    await rec.waitFor("turn_failed");
    const r = receiver;
    await waitFor(() => r.logs.some((l) => l.body === "claude_code.api_error"), { timeoutMs: 20_000 });
    const decisions = r.logs.filter((l) => l.body === "claude_code.tool_decision").map((l) => l.attributes);
    expect(decisions).toEqual([
      expect.objectContaining({ tool_name: "Write", decision: "accept", source: "user_permanent" }),
      expect.objectContaining({ tool_name: "Bash", decision: "reject", source: "user_reject" }),
    ]);
    await waitFor(() => r.logs.filter((l) => l.body === "claude_code.tool_result").length === 2, {
      timeoutMs: 20_000,
    });
    const bashResult = r.logs.find(
      (l) => l.body === "claude_code.tool_result" && l.attributes.tool_name === "Bash",
    );
    expect(bashResult?.attributes).toMatchObject({
      success: "false",
      decision: "reject",
      source: "user_reject",
    });
    const failed = r.logs.find((l) => l.body === "claude_code.api_error");
    expect(String(failed?.attributes.error)).toContain("prompt is too long");
    await waitFor(
      () =>
        r.sum("claude_code.code_edit_tool.decision", {
          tool: "Write",
          source: "user_permanent",
          language: "Markdown",
        }) === 1,
      {
        timeoutMs: 20_000,
      },
    );
  }, 60_000);

  it("sends nothing when a switch is off or only an untrusted project enables it", async () => {
    receiver = await startOtlpReceiver();
    const url = receiver.url;
    t = await startTestDaemon({ userSettings: { env: { DISABLE_TELEMETRY: "1" } } });
    // An untrusted project asks for telemetry to its own collector: its env must not count.
    mkdirSync(join(t.project, ".claude"), { recursive: true });
    writeFileSync(join(t.project, ".claude", "settings.json"), JSON.stringify({ env: telemetryEnv(url) }));
    t.fake.enqueue(turn(text("one")), turn(text("two")));
    const conn = await t.connect();
    const disabled = await openSession(t, conn, { env: { ...sessionEnv(t.fake), ...telemetryEnv(url) } });
    await disabled.view.send("hello");
    await disabled.rec.waitFor("turn_completed");
    await conn.request("session/close", { sessionId: disabled.session.id });
    await t.restart();
    writeFileSync(join(t.home, "settings.json"), "{}");
    const conn2 = await t.connect();
    const untrusted = await openSession(t, conn2, { env: sessionEnv(t.fake) });
    await untrusted.view.send("hello");
    await untrusted.rec.waitFor("turn_completed");
    await conn2.request("session/close", { sessionId: untrusted.session.id });
    // A malformed OTEL_* value: telemetry off, and the session is told which variable.
    t.fake.enqueue(turn(text("three")));
    const malformed = await openSession(t, conn2, {
      env: { ...sessionEnv(t.fake), ...telemetryEnv(url), OTEL_METRIC_EXPORT_INTERVAL: "often" },
    });
    await malformed.view.send("hello");
    await malformed.rec.waitFor("turn_completed");
    const notice = await malformed.rec.waitFor("notice");
    expect(notice).toMatchObject({ level: "warning" });
    expect(notice.message).toContain('OTEL_METRIC_EXPORT_INTERVAL="often" is not a positive number');
    await conn2.request("session/close", { sessionId: malformed.session.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.fake.requests).toHaveLength(3);
    expect(receiver.requests).toEqual([]);
  }, 60_000);
});
