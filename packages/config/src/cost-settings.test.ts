import { describe, expect, it } from "vitest";
import { spendLimitsOf } from "./cost-settings.js";
import { useWorkspace } from "./test-support.js";

const ws = useWorkspace();

describe("spendLimits across layers", () => {
  it("applies the lowest limit per field and reports every ignored raise with its file and line", () => {
    const w = ws();
    w.write(w.paths.managed, { spendLimits: { dailyUsd: 10, monthlyUsd: 100 } });
    w.write(w.paths.user, { spendLimits: { dailyUsd: 50, sessionUsd: 2 } });
    w.write(w.paths.project, { spendLimits: { monthlyUsd: 80 } });
    const result = w.load();
    const limits = spendLimitsOf(result);
    expect(limits.limits).toEqual([
      { key: "dailyUsd", usd: 10, layer: "managed", file: w.paths.managed },
      { key: "monthlyUsd", usd: 80, layer: "project", file: w.paths.project },
      { key: "sessionUsd", usd: 2, layer: "user", file: w.paths.user },
    ]);
    expect(limits.warnAtFraction).toBe(0.8);
    expect(limits.failure).toBeUndefined();
    const raises = result.diagnostics.filter((d) => d.code === "spend-limit-raise-ignored");
    expect(raises.map((d) => [d.file, d.keyPath, d.line]).sort()).toEqual([
      [w.paths.managed, "spendLimits.monthlyUsd", 4],
      [w.paths.user, "spendLimits.dailyUsd", 3],
    ]);
    expect(raises.find((d) => d.file === w.paths.user)?.message).toContain(
      "sets 10 and the lowest limit applies",
    );
    expect(result.origins.find((o) => o.key === "spendLimits.dailyUsd")).toMatchObject({
      value: 10,
      layer: "managed",
    });
  });

  it("ignores limits and prices from an untrusted project", () => {
    const w = ws();
    w.write(w.paths.user, { spendLimits: { dailyUsd: 5 } });
    w.write(w.paths.project, { spendLimits: { dailyUsd: 500 }, modelPrices: { m: { input: 0, output: 0 } } });
    const result = w.load({ projectTrusted: false });
    expect(spendLimitsOf(result).limits).toEqual([expect.objectContaining({ key: "dailyUsd", usd: 5 })]);
    expect(result.effective.modelPrices).toBeUndefined();
  });
});

describe("bad spend and price values", () => {
  it("drops a negative or non-numeric limit with file, key and line; the rest of the file applies", () => {
    const w = ws();
    w.write(w.paths.user, {
      model: "opus",
      spendLimits: { dailyUsd: -3, monthlyUsd: "lots", sessionUsd: 1 },
    });
    const result = w.load();
    const bad = result.diagnostics.filter((d) => d.code === "invalid-spend-limit");
    expect(bad.map((d) => [d.file, d.keyPath, d.line, d.severity])).toEqual([
      [w.paths.user, "spendLimits.dailyUsd", 4, "error"],
      [w.paths.user, "spendLimits.monthlyUsd", 5, "error"],
    ]);
    expect(result.effective.model).toBe("opus");
    expect(spendLimitsOf(result)).toMatchObject({ limits: [{ key: "sessionUsd", usd: 1 }] });
    expect(spendLimitsOf(result).failure).toBeUndefined();
  });

  it("fails closed on an invalid managed limit while the managed file's other keys still apply", () => {
    const w = ws();
    w.write(w.paths.managed, {
      permissions: { deny: ["Bash(curl:*)"], disableBypassPermissionsMode: "disable" },
      spendLimits: { dailyUsd: "ten" },
    });
    const result = w.load();
    expect(result.policyError).toBeUndefined();
    expect(result.effective.permissions.deny).toEqual(["Bash(curl:*)"]);
    expect(result.bypassAllowed).toBe(false);
    const limits = spendLimitsOf(result);
    expect(limits.failure).toMatch(/Managed policy has an invalid spend limit/);
    expect(limits.failure).toContain(`${w.paths.managed}:9`);
    expect(limits.failure).toContain("spendLimits.dailyUsd");
  });

  it("drops a corrupt price entry and keeps the good ones", () => {
    const w = ws();
    w.write(w.paths.user, {
      modelPrices: {
        "gw-fast": { input: 1, output: 2 },
        "gw-bad": { input: -1, output: 2 },
        "gw-str": "cheap",
      },
    });
    const result = w.load();
    expect(result.effective.modelPrices).toEqual({ "gw-fast": { input: 1, output: 2 } });
    const bad = result.diagnostics.filter((d) => d.code === "invalid-price-entry");
    expect(bad.map((d) => d.keyPath)).toEqual(["modelPrices.gw-bad.input", "modelPrices.gw-str"]);
    expect(bad[0]?.line).toBe(8);
  });
});
