// Usage ledger, audit log, trust and MCP approvals.
import { describe, expect, it } from "vitest";
import type { StoreError } from "./errors.js";
import { DAY, captureError, useTempStores } from "./test-helpers.js";

const { tempStore } = useTempStores();

describe("usage", () => {
  it("records requests and summarises them by each grouping", () => {
    const { store, clock } = tempStore();
    const s = store.createSession({ cwd: "/p" });
    const t0 = Date.UTC(2025, 2, 31, 23, 30); // 23:30 UTC on March 31st
    clock.t = t0;
    const base = { provider: "anthropic", project: "/p", credentialId: "key:ab12" };
    store.recordUsage({
      ...base,
      sessionId: s.id,
      model: "sonnet",
      inputTokens: 100,
      outputTokens: 10,
      costUsd: 0.01,
    });
    store.recordUsage({
      ...base,
      sessionId: s.id,
      model: "opus",
      inputTokens: 50,
      cacheReadInputTokens: 7,
      costUsd: 0.1,
    });
    store.recordUsage({
      ...base,
      model: "sonnet",
      project: "/q",
      credentialId: null,
      createdAt: t0 + DAY,
      costUsd: 0.02,
      durationMs: 1500,
    });
    store.recordUsage({ ...base, sessionId: "unknown-session", model: "haiku", createdAt: t0 + 40 * DAY });

    expect(store.usageSummary({ groupBy: "model" }).map((g) => [g.key, g.requests])).toEqual([
      ["haiku", 1],
      ["opus", 1],
      ["sonnet", 2],
    ]);
    expect(store.usageSummary({ groupBy: "day" }).map((g) => g.key)).toEqual([
      "2025-03-31",
      "2025-04-01",
      "2025-05-10",
    ]);
    // At UTC+1 the first two requests fall on April 1st.
    expect(
      store.usageSummary({ groupBy: "day", utcOffsetMinutes: 60 }).map((g) => [g.key, g.requests]),
    ).toEqual([
      ["2025-04-01", 2],
      ["2025-04-02", 1],
      ["2025-05-11", 1],
    ]);
    expect(store.usageSummary({ groupBy: "month" }).map((g) => g.key)).toEqual([
      "2025-03",
      "2025-04",
      "2025-05",
    ]);
    expect(store.usageSummary({ groupBy: "project" }).map((g) => [g.key, g.requests])).toEqual([
      ["/p", 3],
      ["/q", 1],
    ]);
    expect(store.usageSummary({ groupBy: "credential" }).map((g) => g.key)).toEqual([null, "key:ab12"]);
    expect(store.usageSummary({ groupBy: "session" }).map((g) => [g.key, g.requests])).toEqual([
      [null, 2],
      [s.id, 2],
    ]);
    const range = store.usageSummary({ groupBy: "model", since: t0 + 1, until: t0 + 2 * DAY });
    expect(range.map((g) => g.key)).toEqual(["sonnet"]);
    expect(store.sessionUsage(s.id)).toEqual({
      requests: 2,
      inputTokens: 150,
      outputTokens: 10,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 7,
      costUsd: 0.11,
      durationMs: 0,
    });
    expect(store.usageTotal({ since: t0 + DAY }).requests).toBe(2);
    expect(store.usageTotal().costUsd).toBeCloseTo(0.13);
  });

  it("refuses what looks like a raw API key as credential id", () => {
    const { store } = tempStore();
    const err = captureError(() =>
      store.recordUsage({
        model: "m",
        provider: "anthropic",
        credentialId: `sk-ant-api03-${"x".repeat(40)}`,
      }),
    ) as StoreError;
    expect(err.code).toBe("STORE_INVALID");
    expect(err.message).not.toContain("xxxx");
    expect(store.usageTotal().requests).toBe(0);
  });
});

describe("audit", () => {
  it("records decisions, fills in outcomes, lists newest first with paging", () => {
    const { store } = tempStore();
    const s = store.createSession({ cwd: "/p" });
    const ids = ["ls", "rm -rf /", "curl x"].map((cmd, i) =>
      store.recordDecision({
        sessionId: s.id,
        tool: "Bash",
        inputSummary: cmd,
        decision: (["allow", "deny", "ask"] as const)[i] as "allow",
        rule: i === 0 ? "Bash(ls)" : null,
        source: "/p/.claude/settings.json",
      }),
    );
    store.recordDecision({ tool: "WebFetch", inputSummary: "example.com", decision: "ask" });
    expect(store.setDecisionOutcome(ids[2] as number, "allowed-once")).toBe(true);
    const mine = store.listDecisions({ sessionId: s.id, limit: 2 });
    expect(mine.map((d) => d.inputSummary)).toEqual(["curl x", "rm -rf /"]);
    expect(mine[0]).toMatchObject({ decision: "ask", outcome: "allowed-once", sessionId: s.id });
    const older = store.listDecisions({ sessionId: s.id, limit: 2, beforeId: mine[1]?.id as number });
    expect(older).toMatchObject([
      { inputSummary: "ls", rule: "Bash(ls)", source: "/p/.claude/settings.json" },
    ]);
    expect(store.listDecisions({ limit: 10 })).toHaveLength(4);
    expect(
      (captureError(() => store.recordDecision({ tool: "x", decision: "maybe" as never })) as StoreError)
        .code,
    ).toBe("STORE_INVALID");
  });
});

describe("trust and MCP approvals", () => {
  it("stores trust decisions and resolves ancestors by path segment", () => {
    const { store, clock } = tempStore();
    expect(store.setTrust("/home/u/project/", true)).toEqual({
      folder: "/home/u/project",
      trusted: true,
      trustedAt: clock.t,
    });
    store.setTrust("/home/u/project/vendor", false);
    expect(store.getTrust("/home/u/project")?.trusted).toBe(true);
    expect(store.nearestTrust("/home/u/project/src/deep")?.folder).toBe("/home/u/project");
    expect(store.nearestTrust("/home/u/project/vendor/lib")?.trusted).toBe(false);
    expect(store.nearestTrust("/home/u/project-evil")).toBeUndefined();
    expect(store.listTrust().map((t) => t.folder)).toEqual(["/home/u/project", "/home/u/project/vendor"]);
    expect(store.revokeTrust("/home/u/project")).toBe(true);
    expect(store.revokeTrust("/home/u/project")).toBe(false);
    expect(store.getTrust("/home/u/project")).toBeUndefined();
    expect((captureError(() => store.setTrust("relative/path", true)) as StoreError).code).toBe(
      "STORE_INVALID",
    );
  });

  it("stores MCP approvals per project and server, replacing on re-decision", () => {
    const { store, clock } = tempStore();
    store.setMcpApproval({ project: "/p", serverName: "github", definitionHash: "h1", decision: "approved" });
    store.setMcpApproval({ project: "/p", serverName: "db", definitionHash: "h2", decision: "rejected" });
    store.setMcpApproval({ project: "/q", serverName: "github", definitionHash: "h3", decision: "approved" });
    clock.advance(1000);
    const again = store.setMcpApproval({
      project: "/p",
      serverName: "github",
      definitionHash: "h9",
      decision: "approved",
      fingerprint: '{"command":"gh"}',
    });
    expect(again).toEqual({
      project: "/p",
      serverName: "github",
      definitionHash: "h9",
      decision: "approved",
      decidedAt: clock.t,
      fingerprint: '{"command":"gh"}',
    });
    expect(store.getMcpApproval("/p", "db")?.fingerprint).toBeNull();
    expect(store.getMcpApproval("/p", "github")?.definitionHash).toBe("h9");
    expect(store.listMcpApprovals("/p").map((a) => a.serverName)).toEqual(["db", "github"]);
    expect(store.listMcpApprovals()).toHaveLength(3);
    expect(store.revokeMcpApproval("/p", "db")).toBe(true);
    expect(store.getMcpApproval("/p", "db")).toBeUndefined();
    expect(
      (
        captureError(() =>
          store.setMcpApproval({
            project: "/p",
            serverName: "x",
            definitionHash: "h",
            decision: "maybe" as never,
          }),
        ) as StoreError
      ).code,
    ).toBe("STORE_INVALID");
  });
});
