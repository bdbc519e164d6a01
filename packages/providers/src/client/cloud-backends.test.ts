// Bedrock and Vertex, offline: the official SDKs pointed at a local server, which records the
// provider-specific path and the auth each mode produces.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ApiKeyHelperRegistry } from "../credentials/helper-registry.js";
import { type FakeApi, startFakeApi } from "../testing/fake-api.js";
import { createModelClient } from "./model-client.js";

const params = {
  model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  max_tokens: 8,
  messages: [{ role: "user" as const, content: "hi" }],
};
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function make(env: Record<string, string | undefined>, settings = {}, extra = {}) {
  return createModelClient({
    env,
    settings,
    helperRegistry: new ApiKeyHelperRegistry(),
    cwd: process.cwd(),
    maxRetries: 0,
    ...extra,
  });
}

function script(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-aws-"));
  const path = join(dir, "cmd.sh");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("Bedrock", () => {
  it("with CLAUDE_CODE_SKIP_BEDROCK_AUTH calls the gateway's invoke path unsigned", async () => {
    api = await startFakeApi();
    const model = await make({
      CLAUDE_CODE_USE_BEDROCK: "1",
      CLAUDE_CODE_SKIP_BEDROCK_AUTH: "1",
      ANTHROPIC_BEDROCK_BASE_URL: api.url,
    });
    expect(model.provider).toBe("bedrock");
    await model.messagesCreate(params);
    const [seen] = api.requests;
    expect(decodeURIComponent(seen?.path ?? "")).toBe(`/model/${params.model}/invoke`);
    expect(seen?.headers.authorization).toBeUndefined();
    expect(JSON.parse(seen?.body ?? "{}")).toMatchObject({ anthropic_version: expect.any(String) });
    expect(model.describeCredential().source).toBe("bedrock:skip-auth");
  });

  it("sends AWS_BEARER_TOKEN_BEDROCK as a Bearer token", async () => {
    api = await startFakeApi();
    const model = await make({
      CLAUDE_CODE_USE_BEDROCK: "true",
      AWS_REGION: "eu-west-1",
      AWS_BEARER_TOKEN_BEDROCK: "ABSKbedrockkey123",
      ANTHROPIC_BEDROCK_BASE_URL: api.url,
    });
    await model.messagesCreate(params);
    expect(api.requests[0]?.headers.authorization).toBe("Bearer ABSKbedrockkey123");
    expect(model.describeCredential().display).not.toContain("bedrockkey");
  });

  it("signs with SigV4 using keys from the session env", async () => {
    api = await startFakeApi();
    const model = await make({
      CLAUDE_CODE_USE_BEDROCK: "1",
      AWS_REGION: "us-west-2",
      AWS_ACCESS_KEY_ID: "AKIASESSIONKEY000001",
      AWS_SECRET_ACCESS_KEY: "secretsecretsecretsecretsecretsecretsecr",
      ANTHROPIC_BEDROCK_BASE_URL: api.url,
    });
    await model.messagesCreate(params);
    expect(api.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIASESSIONKEY000001\/\d{8}\/us-west-2\/bedrock\//,
    );
    expect(model.knownSecrets()).toContain("secretsecretsecretsecretsecretsecretsecr");
  });

  it("signs with the keys awsCredentialExport prints", async () => {
    api = await startFakeApi();
    const exporter = script(
      `echo '{"Credentials":{"AccessKeyId":"ASIAEXPORTED00000001","SecretAccessKey":"exportedsecretexportedsecretexportedsecr","SessionToken":"tok","Expiration":"2999-01-01T00:00:00Z"}}'`,
    );
    const model = await make(
      { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "us-east-1", ANTHROPIC_BEDROCK_BASE_URL: api.url },
      { awsCredentialExport: exporter },
    );
    await model.messagesCreate(params);
    await model.messagesCreate(params);
    expect(api.requests[0]?.headers.authorization).toContain("Credential=ASIAEXPORTED00000001/");
    expect(api.requests[0]?.headers["x-amz-security-token"]).toBe("tok");
    expect(model.describeCredential().source).toBe("bedrock:awsCredentialExport");
  });

  it("runs awsAuthRefresh when the AWS chain has no credentials, then signs", async () => {
    api = await startFakeApi();
    const home = mkdtempSync(join(tmpdir(), "berth-aws-home-"));
    mkdirSync(join(home, ".aws"));
    const refresh = script(
      `printf '[default]\\naws_access_key_id = AKIAREFRESHED0000001\\naws_secret_access_key = refreshedsecretrefreshedsecretrefreshed1\\n' > "$HOME/.aws/credentials"\necho "Successfully logged in"`,
    );
    const output: string[] = [];
    const model = await make(
      {
        CLAUDE_CODE_USE_BEDROCK: "1",
        AWS_REGION: "us-east-1",
        HOME: home,
        AWS_EC2_METADATA_DISABLED: "true",
        ANTHROPIC_BEDROCK_BASE_URL: api.url,
      },
      { awsAuthRefresh: refresh },
      { onAwsAuthRefreshOutput: (text: string) => output.push(text) },
    );
    await model.messagesCreate(params);
    expect(output).toEqual(["Successfully logged in"]);
    expect(api.requests[0]?.headers.authorization).toContain("Credential=AKIAREFRESHED0000001/");
  });

  it("without credentials or refresh says how to configure AWS", async () => {
    const home = mkdtempSync(join(tmpdir(), "berth-aws-empty-"));
    api = await startFakeApi();
    const model = await make({
      CLAUDE_CODE_USE_BEDROCK: "1",
      AWS_REGION: "us-east-1",
      HOME: home,
      AWS_EC2_METADATA_DISABLED: "true",
      ANTHROPIC_BEDROCK_BASE_URL: api.url,
    });
    await expect(model.messagesCreate(params)).rejects.toMatchObject({
      code: "PROVIDER_AWS_CREDENTIALS_FAILED",
      message: expect.stringContaining("aws sso login"),
    });
    expect(api.requests).toHaveLength(0);
  });

  it("requires a region unless a gateway signs", async () => {
    await expect(make({ CLAUDE_CODE_USE_BEDROCK: "1" })).rejects.toMatchObject({
      code: "PROVIDER_CONFIG_INVALID",
      message: expect.stringContaining("AWS_REGION"),
    });
  });
});

describe("Vertex", () => {
  it("with CLAUDE_CODE_SKIP_VERTEX_AUTH calls the rawPredict path of the project and region", async () => {
    api = await startFakeApi();
    const model = await make({
      CLAUDE_CODE_USE_VERTEX: "1",
      CLAUDE_CODE_SKIP_VERTEX_AUTH: "1",
      CLOUD_ML_REGION: "europe-west1",
      ANTHROPIC_VERTEX_PROJECT_ID: "my-project",
      ANTHROPIC_VERTEX_BASE_URL: `${api.url}/v1`,
    });
    expect(model.provider).toBe("vertex");
    await model.messagesCreate({ ...params, model: "claude-sonnet-4-5@20250929" });
    const [seen] = api.requests;
    expect(seen?.path).toBe(
      "/v1/projects/my-project/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
    );
    expect(seen?.headers.authorization).toBeUndefined();
  });

  it("defaults the region to us-east5 and builds without contacting Google", async () => {
    const model = await make({ CLAUDE_CODE_USE_VERTEX: "1", ANTHROPIC_VERTEX_PROJECT_ID: "p" });
    expect(model.baseURL).toBe("https://us-east5-aiplatform.googleapis.com/v1");
    expect(model.describeCredential().source).toBe("vertex:google");
  });
});
