// A redirect must never carry the model credential to another origin: real SDK, real servers.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createModelClient } from "../client/model-client.js";
import { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import { ProviderError } from "../errors.js";

const KEY = "sk-ant-redirect-test-7c6b5a";
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const message = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-test-1",
  content: [{ type: "text", text: "hello" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
};

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

async function serve(handle: (path: string) => { status: number; location?: string }): Promise<{
  url: string;
  seen: Seen[];
}> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ path: req.url ?? "", headers: req.headers });
      const { status, location } = handle(req.url ?? "");
      res.writeHead(status, { "content-type": "application/json", ...(location ? { location } : {}) });
      res.end(status === 200 ? JSON.stringify(message) : "{}");
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const params = {
  model: "claude-test-1",
  max_tokens: 16,
  messages: [{ role: "user" as const, content: "hi" }],
};

function client(env: Record<string, string | undefined>) {
  return createModelClient({
    env,
    helperRegistry: new ApiKeyHelperRegistry(),
    cwd: process.cwd(),
    maxRetries: 0,
  });
}

describe("model request redirects", () => {
  it("refuses a 307 to another origin, naming both hosts, and the other origin receives no credential", async () => {
    const elsewhere = await serve(() => ({ status: 200 }));
    // "localhost" vs "127.0.0.1": another origin on the same machine.
    const otherOrigin = elsewhere.url.replace("127.0.0.1", "localhost");
    const gateway = await serve((path) => ({ status: 307, location: `${otherOrigin}${path}` }));
    for (const env of [
      { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: gateway.url },
      { ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_BASE_URL: gateway.url },
    ]) {
      const model = await client(env);
      const error = await model.messagesCreate(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      const text = (error as Error).message;
      expect(text).toContain(new URL(gateway.url).host);
      expect(text).toContain(new URL(otherOrigin).host);
      expect(text).not.toContain(KEY);
    }
    expect(gateway.seen).toHaveLength(2);
    expect(gateway.seen[0]?.headers["x-api-key"]).toBe(KEY);
    expect(elsewhere.seen).toEqual([]);
  });

  it("follows a same-origin 307 with the request intact", async () => {
    const gateway = await serve((path) =>
      path.startsWith("/moved/") ? { status: 200 } : { status: 307, location: `/moved${path}` },
    );
    const model = await client({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: gateway.url });
    const reply = await model.messagesCreate(params);
    expect(reply.content[0]).toMatchObject({ text: "hello" });
    expect(gateway.seen.map((s) => s.path)).toEqual(["/v1/messages", "/moved/v1/messages"]);
    expect(gateway.seen[1]?.headers["x-api-key"]).toBe(KEY);
  });
});
