import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ApiKeyHelperError,
  NoCredentialsError,
  PROVIDER_ERROR_CODES,
  ProviderConfigError,
  ProviderError,
} from "./errors.js";

describe("error catalogue", () => {
  it("documents every code in the README with its retry flag", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const [code, { retryable }] of Object.entries(PROVIDER_ERROR_CODES)) {
      const cells = readme
        .split("\n")
        .map((line) => line.split("|").map((cell) => cell.trim()))
        .find((row) => row[1] === `\`${code}\``);
      expect(cells, code).toBeDefined();
      expect(cells?.[2], code).toBe(retryable ? "yes" : "no");
    }
  });

  it("gives every error a stable code and retry flag", () => {
    expect(new NoCredentialsError()).toMatchObject({ code: "PROVIDER_NO_CREDENTIALS", retryable: false });
    expect(new ProviderConfigError("x")).toMatchObject({ code: "PROVIDER_CONFIG_INVALID", retryable: false });
    const helper = new ApiKeyHelperError("get-key --profile sk-ant-api03-inlinedkey1", "timeout", {
      timeoutMs: 30000,
    });
    expect(helper).toBeInstanceOf(ProviderError);
    expect(helper).toMatchObject({
      code: "PROVIDER_API_KEY_HELPER_FAILED",
      retryable: true,
      failure: "timeout",
    });
    expect(helper.message).toContain("30000 ms");
    expect(helper.message).not.toContain("inlinedkey1");
  });
});
