// Per-session CA and client certificate: a real HTTPS server on 127.0.0.1 that trusts only our
// test CA and requires a client certificate. Certificates are made with the openssl CLI.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { describe, expect, it } from "vitest";
import { createModelClient } from "../client/model-client.js";
import { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import { messageJson } from "../testing/fake-api.js";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function makeCerts(dir: string) {
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=Berth Test CA",
  );
  ssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=127.0.0.1",
  );
  execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext"], { cwd: dir });
  ssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "san.ext",
  );
  ssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-passout",
    "pass:hunter22",
    "-keyout",
    "client.key",
    "-out",
    "client.csr",
    "-subj",
    "/CN=berth-client",
  );
  ssl(
    "x509",
    "-req",
    "-in",
    "client.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "client.pem",
    "-days",
    "1",
  );
}

describe.skipIf(!hasOpenssl())("NODE_EXTRA_CA_CERTS and client certificates", () => {
  it("trusts the session's CA and presents the session's client certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-tls-"));
    makeCerts(dir);
    const seenClients: string[] = [];
    const server = createServer(
      {
        key: readFileSync(join(dir, "server.key")),
        cert: readFileSync(join(dir, "server.pem")),
        ca: readFileSync(join(dir, "ca.pem")),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        seenClients.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN));
        req.resume();
        req.on("end", () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(messageJson()));
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const params = {
      model: "claude-haiku-4-5",
      max_tokens: 8,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    const base = {
      ANTHROPIC_API_KEY: "sk-ant-tls",
      ANTHROPIC_BASE_URL: url,
      NODE_EXTRA_CA_CERTS: join(dir, "ca.pem"),
    };
    const make = (env: Record<string, string>) =>
      createModelClient({ env, helperRegistry: new ApiKeyHelperRegistry(), cwd: dir, maxRetries: 0 });
    try {
      const withCert = await make({
        ...base,
        CLAUDE_CODE_CLIENT_CERT: join(dir, "client.pem"),
        CLAUDE_CODE_CLIENT_KEY: join(dir, "client.key"),
        CLAUDE_CODE_CLIENT_KEY_PASSPHRASE: "hunter22",
      });
      expect(withCert.network).toEqual({ proxy: false, extraCa: true, clientCert: true });
      await withCert.messagesCreate(params);
      expect(seenClients).toEqual(["berth-client"]);
      await withCert.close();

      const withoutCert = await make(base);
      await expect(withoutCert.messagesCreate(params)).rejects.toMatchObject({
        code: "PROVIDER_CONNECTION_FAILED",
      });
      await withoutCert.close();

      const untrusted = await make({ ANTHROPIC_API_KEY: "sk-ant-tls", ANTHROPIC_BASE_URL: url });
      await expect(untrusted.messagesCreate(params)).rejects.toMatchObject({
        code: "PROVIDER_CONNECTION_FAILED",
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
