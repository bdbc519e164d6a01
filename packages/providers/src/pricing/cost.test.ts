import { describe, expect, it } from "vitest";
import { costUsd } from "./cost.js";
import { canonicalModelId, PRICE_TABLE, priceFileSchema, priceFor } from "./price-table.js";
import raw from "./prices.json";

const M = 1_000_000;

describe("costUsd", () => {
  it("prices input and output per million tokens", () => {
    expect(
      costUsd("claude-sonnet-4-5-20250929", { input_tokens: 100_000, output_tokens: 100_000 }).usd,
    ).toBeCloseTo(1.8, 10);
    expect(costUsd("claude-opus-4-1-20250805", { input_tokens: 1000, output_tokens: 500 }).usd).toBeCloseTo(
      0.015 + 0.0375,
      10,
    );
    expect(costUsd("claude-haiku-4-5", { input_tokens: 2 * M, output_tokens: 0 }).usd).toBeCloseTo(2, 10);
    expect(costUsd("claude-3-haiku-20240307", { input_tokens: M, output_tokens: M }).usd).toBeCloseTo(
      1.5,
      10,
    );
    expect(costUsd("claude-sonnet-5", { input_tokens: M, output_tokens: M }).usd).toBeCloseTo(12, 10);
  });

  it("charges cache writes at the 5m rate unless the usage splits out 1h writes, and cache reads at 0.1x", () => {
    const usage = {
      input_tokens: 100_000,
      output_tokens: 10_000,
      cache_creation_input_tokens: 200_000,
      cache_read_input_tokens: 1_000_000,
    };
    // Opus 4.5: 5 in, 6.25 5m write, 0.5 read, 25 out.
    const expected = 0.1 * 5 + 0.2 * 6.25 + 1 * 0.5 + 0.01 * 25;
    const cost = costUsd("claude-opus-4-5-20251101", usage);
    expect(cost.usd).toBeCloseTo(expected, 10);
    expect(cost.tokens).toEqual({
      input: 100_000,
      output: 10_000,
      cacheWrite5m: 200_000,
      cacheWrite1h: 0,
      cacheRead: 1_000_000,
    });

    const split = costUsd("claude-opus-4-5-20251101", {
      ...usage,
      cache_creation: { ephemeral_5m_input_tokens: 50_000, ephemeral_1h_input_tokens: 150_000 },
    });
    expect(split.usd).toBeCloseTo(0.1 * 5 + 0.05 * 6.25 + 0.15 * 10 + 1 * 0.5 + 0.01 * 25, 10);
  });

  it("applies long-context rates to Sonnet 4.5 prompts above 200K tokens", () => {
    const cost = costUsd("claude-sonnet-4-5", {
      input_tokens: 150_000,
      cache_read_input_tokens: 100_000,
      output_tokens: 1000,
    });
    expect(cost.longContext).toBe(true);
    expect(cost.usd).toBeCloseTo(0.15 * 6 + 0.1 * 0.6 + 0.001 * 22.5, 10);
    expect(costUsd("claude-sonnet-4-6", { input_tokens: 300_000 }).longContext).toBe(false);
  });

  it("gives Bedrock and Vertex ids the same prices as the API ids", () => {
    const usage = { input_tokens: 12_345, output_tokens: 678, cache_read_input_tokens: 9_000 };
    const api = costUsd("claude-sonnet-4-5-20250929", usage).usd;
    for (const id of [
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "claude-sonnet-4-5@20250929",
      "claude-sonnet-4-5[1m]",
    ]) {
      expect(costUsd(id, usage)).toMatchObject({ priced: true, usd: api });
    }
    expect(costUsd("us.anthropic.claude-opus-5", { input_tokens: M }).usd).toBeCloseTo(5, 10);
    expect(costUsd("claude-3-5-haiku@20241022", { output_tokens: M }).usd).toBeCloseTo(4, 10);
  });

  it("reports unknown models as unpriced instead of guessing", () => {
    expect(costUsd("claude-opus-5-5", { input_tokens: 1000, output_tokens: 1000 })).toMatchObject({
      usd: 0,
      priced: false,
    });
    expect(costUsd("gpt-4o", { input_tokens: 1000 })).toMatchObject({
      usd: 0,
      priced: false,
      tokens: { input: 1000 },
    });
  });

  it("tolerates null and missing usage fields", () => {
    expect(
      costUsd("claude-haiku-4-5", { input_tokens: 10, output_tokens: null, cache_creation: null }).usd,
    ).toBeCloseTo(10 / M, 12);
  });
});

describe("price table data", () => {
  it("covers the models of reference §11.1 with the documented cache multipliers", () => {
    for (const family of [
      "claude-opus-4-6",
      "claude-opus-4",
      "claude-sonnet-4-6",
      "claude-3-7-sonnet",
      "claude-haiku-4-5",
      "claude-3-5-haiku",
      "claude-3-haiku",
      "claude-fable-5-1",
      "claude-mythos-5",
    ]) {
      expect(priceFor(family), family).toBeDefined();
    }
    for (const row of PRICE_TABLE.models) {
      // 1h writes are 2x input everywhere; 5m writes are 1.25x except Haiku 3's rounded $0.30.
      expect(row.cacheWrite1h, row.name).toBeCloseTo(row.input * 2, 6);
      expect(Math.abs(row.cacheWrite5m - row.input * 1.25), row.name).toBeLessThanOrEqual(0.013);
    }
  });

  it("canonicalises ids", () => {
    expect(canonicalModelId("US.Anthropic.Claude-3-7-Sonnet-20250219-v1:0")).toBe("claude-3-7-sonnet");
    expect(canonicalModelId("claude-opus-4-20250514")).toBe("claude-opus-4");
    expect(canonicalModelId("claude-3-5-haiku-latest")).toBe("claude-3-5-haiku");
  });
});

describe("price overrides (settings' modelPrices)", () => {
  it("prices a gateway's own model name and defaults cache rates to the usual multiples", () => {
    const overrides = { "my-gateway-model": { input: 2, output: 8 } };
    const usage = {
      input_tokens: M,
      output_tokens: M,
      cache_creation_input_tokens: M,
      cache_read_input_tokens: M,
    };
    expect(costUsd("my-gateway-model", usage)).toMatchObject({ priced: false, usd: 0 });
    const cost = costUsd("my-gateway-model", usage, overrides);
    expect(cost.priced).toBe(true);
    expect(cost.usd).toBeCloseTo(2 + 8 + 2.5 + 0.2, 10);
  });

  it("replaces a list price for negotiated rates, for any provider's spelling of the id", () => {
    const overrides = {
      "claude-sonnet-4-5": {
        input: 1,
        output: 5,
        longContext: { input: 2, output: 10, aboveInputTokens: 1000 },
      },
    };
    expect(
      costUsd("us.anthropic.claude-sonnet-4-5-20250929-v1:0", { input_tokens: 500 }, overrides).usd,
    ).toBeCloseTo(500 / M, 12);
    const long = costUsd("claude-sonnet-4-5", { input_tokens: 2000, output_tokens: 1000 }, overrides);
    expect(long).toMatchObject({ longContext: true });
    expect(long.usd).toBeCloseTo((2000 * 2 + 1000 * 10) / M, 12);
  });

  it("ships a prices.json that its schema accepts (the daemon does not parse it at start)", () => {
    const schema = priceFileSchema();
    // What the rows carry besides the schema's keys is only "$comment" notes.
    expect(PRICE_TABLE.models).toMatchObject(schema.parse(raw).models);
    const [first] = PRICE_TABLE.models;
    const negative = { ...raw, models: [{ ...first, input: -1 }] };
    expect(schema.safeParse(negative).success).toBe(false);
    const badFamily = { ...raw, models: [{ ...first, families: ["Claude Sonnet"] }] };
    expect(schema.safeParse(badFamily).success).toBe(false);
  });

  it("names the price table's source and date", () => {
    expect(PRICE_TABLE.source).toMatch(/pricing/);
    expect(PRICE_TABLE.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
