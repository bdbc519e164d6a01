import { describe, expect, it } from "vitest";
import { MODEL_ALIASES } from "./aliases.js";
import { aliasModel, resolveModel, smallFastModel } from "./resolve-model.js";

describe("resolveModel", () => {
  const env = { ANTHROPIC_MODEL: "claude-opus-4-1" };

  it("priority: session > --model > ANTHROPIC_MODEL > setting > default", () => {
    const all = {
      sessionModel: "haiku",
      flagModel: "opus",
      env,
      settingsModel: "claude-3-7-sonnet-20250219",
    };
    expect(resolveModel(all)).toMatchObject({
      source: "session",
      model: MODEL_ALIASES.anthropic.haiku,
      alias: "haiku",
    });
    expect(resolveModel({ ...all, sessionModel: undefined })).toMatchObject({
      source: "flag",
      model: MODEL_ALIASES.anthropic.opus,
    });
    expect(resolveModel({ ...all, sessionModel: undefined, flagModel: " " })).toMatchObject({
      source: "env",
      model: "claude-opus-4-1",
    });
    expect(resolveModel({ env: {}, settingsModel: "claude-3-7-sonnet-20250219" })).toMatchObject({
      source: "setting",
      model: "claude-3-7-sonnet-20250219",
    });
    expect(resolveModel({ env: {} })).toMatchObject({
      source: "default",
      alias: "default",
      model: MODEL_ALIASES.anthropic.sonnet,
    });
  });

  it("maps aliases per provider, case-insensitively", () => {
    expect(resolveModel({ env: { CLAUDE_CODE_USE_BEDROCK: "1" }, flagModel: "Sonnet" }).model).toBe(
      MODEL_ALIASES.bedrock.sonnet,
    );
    expect(resolveModel({ env: { CLAUDE_CODE_USE_VERTEX: "1" }, flagModel: "haiku" }).model).toBe(
      "claude-haiku-4-5@20251001",
    );
    expect(resolveModel({ env: {}, flagModel: "opus" }).model).toBe("claude-opus-5");
  });

  it("lets ANTHROPIC_DEFAULT_*_MODEL pin an alias", () => {
    const pinned = {
      ANTHROPIC_DEFAULT_SONNET_MODEL: "my-gateway-sonnet",
      ANTHROPIC_DEFAULT_OPUS_MODEL: "arn:aws:bedrock:x",
    };
    expect(resolveModel({ env: pinned, flagModel: "sonnet" }).model).toBe("my-gateway-sonnet");
    expect(resolveModel({ env: pinned }).model).toBe("my-gateway-sonnet");
    expect(aliasModel("opus", pinned, "bedrock")).toBe("arn:aws:bedrock:x");
  });

  it("swaps the Bedrock geography prefix with ANTHROPIC_BEDROCK_REGION_PREFIX", () => {
    expect(aliasModel("sonnet", { ANTHROPIC_BEDROCK_REGION_PREFIX: "eu" }, "bedrock")).toBe(
      "eu.anthropic.claude-sonnet-5-5",
    );
  });

  it("understands [1m] and opusplan", () => {
    expect(resolveModel({ env: {}, flagModel: "sonnet[1m]" })).toMatchObject({
      model: "claude-sonnet-5-5",
      context1m: true,
      requested: "sonnet[1m]",
    });
    expect(resolveModel({ env: {}, flagModel: "claude-sonnet-4-5[1m]" })).toMatchObject({
      model: "claude-sonnet-4-5",
      context1m: true,
    });
    expect(resolveModel({ env: {}, flagModel: "opusplan" }).model).toBe("claude-sonnet-5-5");
    expect(resolveModel({ env: {}, flagModel: "opusplan", planMode: true }).model).toBe("claude-opus-5");
  });

  it("passes full model ids through unchanged", () => {
    expect(resolveModel({ env: {}, flagModel: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }).model).toBe(
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    );
  });
});

describe("smallFastModel", () => {
  it("prefers ANTHROPIC_DEFAULT_HAIKU_MODEL, then ANTHROPIC_SMALL_FAST_MODEL, then haiku", () => {
    expect(smallFastModel({ ANTHROPIC_DEFAULT_HAIKU_MODEL: "h1", ANTHROPIC_SMALL_FAST_MODEL: "old" })).toBe(
      "h1",
    );
    expect(smallFastModel({ ANTHROPIC_SMALL_FAST_MODEL: "old" })).toBe("old");
    expect(smallFastModel({})).toBe("claude-haiku-4-5");
    expect(smallFastModel({ CLAUDE_CODE_USE_BEDROCK: "1" })).toBe(MODEL_ALIASES.bedrock.haiku);
  });
});
