import { startForwardProxy } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import { createModelClient } from "../client/model-client.js";
import { startFakeApi } from "../testing/fake-api.js";
import { parseCustomHeaders } from "./custom-headers.js";
import { isNoProxy, proxyForUrl } from "./proxy.js";

describe("proxyForUrl / NO_PROXY", () => {
  const api = new URL("https://api.anthropic.com/v1");
  it("uses HTTPS_PROXY for https and falls back to HTTP_PROXY", () => {
    expect(proxyForUrl(api, { HTTPS_PROXY: "http://proxy:3128" })).toBe("http://proxy:3128");
    expect(proxyForUrl(api, { HTTP_PROXY: "http://p2:8080" })).toBe("http://p2:8080");
    expect(proxyForUrl(new URL("http://gw.local"), { HTTPS_PROXY: "http://proxy:3128" })).toBeUndefined();
    expect(proxyForUrl(api, {})).toBeUndefined();
  });

  it("honours NO_PROXY entries (comma or space separated, suffixes, ports, *)", () => {
    expect(isNoProxy(api, "*")).toBe(true);
    expect(isNoProxy(api, "localhost, anthropic.com")).toBe(true);
    expect(isNoProxy(api, ".anthropic.com")).toBe(true);
    expect(isNoProxy(api, "*.anthropic.com")).toBe(true);
    expect(isNoProxy(api, "api.anthropic.com:443")).toBe(true);
    expect(isNoProxy(api, "api.anthropic.com:8443")).toBe(false);
    expect(isNoProxy(api, "notanthropic.com example.org")).toBe(false);
    expect(isNoProxy(new URL("http://[::1]:8080"), "[::1]:8080")).toBe(true);
    expect(proxyForUrl(api, { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "anthropic.com" })).toBeUndefined();
  });

  it("refuses SOCKS proxies with a clear error", () => {
    expect(() => proxyForUrl(api, { HTTPS_PROXY: "socks5://p:1080" })).toThrow(/SOCKS/);
  });
});

describe("parseCustomHeaders", () => {
  it("reads Name: value lines and skips junk", () => {
    expect(parseCustomHeaders("A: 1\r\nB-C:  two words \n\nbad line\n: x")).toEqual({
      A: "1",
      "B-C": "two words",
    });
  });
});

describe("model requests through a proxy", () => {
  const params = {
    model: "claude-haiku-4-5",
    max_tokens: 8,
    messages: [{ role: "user" as const, content: "hi" }],
  };

  it("go through HTTP_PROXY unless NO_PROXY exempts the host", async () => {
    const api = await startFakeApi();
    const proxy = await startForwardProxy();
    try {
      const env = {
        ANTHROPIC_API_KEY: "sk-ant-proxy-test",
        ANTHROPIC_BASE_URL: api.url,
        HTTP_PROXY: proxy.url,
      };
      const viaProxy = await createModelClient({
        env,
        helperRegistry: new ApiKeyHelperRegistry(),
        cwd: process.cwd(),
        maxRetries: 0,
      });
      expect(viaProxy.network.proxy).toBe(true);
      await viaProxy.messagesCreate(params);
      expect(proxy.seen.length).toBe(1);
      expect(api.requests[0]?.headers["x-api-key"]).toBe("sk-ant-proxy-test");
      await viaProxy.close();

      const direct = await createModelClient({
        env: { ...env, NO_PROXY: "127.0.0.1" },
        helperRegistry: new ApiKeyHelperRegistry(),
        cwd: process.cwd(),
        maxRetries: 0,
      });
      expect(direct.network.proxy).toBe(false);
      await direct.messagesCreate(params);
      expect(proxy.seen.length).toBe(1);
      expect(api.requests).toHaveLength(2);
    } finally {
      await proxy.close();
      await api.close();
    }
  });

  it("names the variable when a certificate file is missing", async () => {
    await expect(
      createModelClient({
        env: { ANTHROPIC_API_KEY: "k", NODE_EXTRA_CA_CERTS: "/nonexistent/ca.pem" },
        helperRegistry: new ApiKeyHelperRegistry(),
        cwd: process.cwd(),
      }),
    ).rejects.toMatchObject({
      code: "PROVIDER_CONFIG_INVALID",
      message: expect.stringContaining("NODE_EXTRA_CA_CERTS"),
    });
  });
});
