// Model aliases as data. Each provider names the same model differently (Bedrock inference
// profile ids, Vertex `name@date`), so each has its own table. Update these when a new model
// becomes the default; teams pin their own with ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL.
import type { ProviderName } from "../provider.js";

export type ModelAlias = "opus" | "sonnet" | "haiku";

export const MODEL_ALIASES: Readonly<Record<ProviderName, Readonly<Record<ModelAlias, string>>>> = {
  anthropic: {
    opus: "claude-opus-5",
    sonnet: "claude-sonnet-5-5",
    haiku: "claude-haiku-4-5",
  },
  bedrock: {
    opus: "us.anthropic.claude-opus-5",
    sonnet: "us.anthropic.claude-sonnet-5-5",
    haiku: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  },
  vertex: {
    opus: "claude-opus-5",
    sonnet: "claude-sonnet-5-5",
    haiku: "claude-haiku-4-5@20251001",
  },
};

/** What `default` (and no configured model at all) means. */
export const DEFAULT_ALIAS: ModelAlias = "sonnet";

/** The variable that pins each alias (reference §3.6). */
export const ALIAS_OVERRIDE_ENV: Readonly<Record<ModelAlias, string>> = {
  opus: "ANTHROPIC_DEFAULT_OPUS_MODEL",
  sonnet: "ANTHROPIC_DEFAULT_SONNET_MODEL",
  haiku: "ANTHROPIC_DEFAULT_HAIKU_MODEL",
};
