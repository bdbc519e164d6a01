// The bin as a process: built with esbuild the way the root build bundles it, then spawned.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import Anthropic from "@anthropic-ai/sdk";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../temp.js";
import { parseFakeModelArgs } from "./args.js";

const dir = makeTempDir("berth-fake-model-bin-");
const bundle = join(dir.path, "fake-model.js");
const children: ChildProcess[] = [];

beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL("./fake-model.ts", import.meta.url))],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
  });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(() => dir.cleanup());

function run(args: string[]) {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, stderr: () => stderr };
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  return line;
}

describe("fake-model bin", () => {
  it("prints its URL, echoes in --echo mode and exits 0 on SIGTERM", async () => {
    const proc = run(["--echo", "--chunk-size", "3"]);
    const url = await firstLine(proc.child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new Anthropic({ baseURL: url, apiKey: "k", maxRetries: 0 });
    const message = await client.messages
      .stream({ model: "claude-test", max_tokens: 50, messages: [{ role: "user", content: "ping pong" }] })
      .finalMessage();
    expect(message.content).toEqual([{ type: "text", text: "ping pong" }]);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(proc.stderr()).toContain("POST /v1/messages -> 200");
  });

  it("serves a script file", async () => {
    const script = join(dir.path, "script.json");
    writeFileSync(
      script,
      JSON.stringify({ turns: [{ content: [{ type: "tool_use", name: "LS", input: { path: "." } }] }] }),
    );
    const proc = run(["--script", script, "--expect-api-key", "secret"]);
    const url = await firstLine(proc.child);
    const client = new Anthropic({ baseURL: url, apiKey: "secret", maxRetries: 0 });
    const message = await client.messages.create({
      model: "claude-test",
      max_tokens: 50,
      messages: [{ role: "user", content: "list" }],
    });
    expect(message.content[0]).toMatchObject({ type: "tool_use", name: "LS", input: { path: "." } });
    await expect(
      client.messages.create({ model: "m", max_tokens: 5, messages: [{ role: "user", content: "x" }] }),
    ).rejects.toThrow("script exhausted after 1 turns");
    proc.child.kill("SIGINT");
    expect(await proc.exited).toBe(0);
  });

  it("exits 2 with a clear message on a bad script or bad flags", async () => {
    const bad = join(dir.path, "bad.json");
    writeFileSync(bad, JSON.stringify([{ content: [{ type: "txt", text: "x" }] }]));
    const badScript = run(["--script", bad]);
    expect(await badScript.exited).toBe(2);
    expect(badScript.stderr()).toContain(`${bad}: turns[0]: content[0].type`);

    for (const args of [[], ["--bogus"], ["--echo", "--port", "abc"]]) {
      const proc = run(args);
      expect(await proc.exited).toBe(2);
      expect(proc.stderr()).toContain("Usage: fake-model");
    }
  });

  it("prints help on --help", async () => {
    const proc = run(["--help"]);
    let stdout = "";
    proc.child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    expect(await proc.exited).toBe(0);
    expect(stdout).toContain("--latency-ms");
  });
});

describe("parseFakeModelArgs", () => {
  it("parses flags with defaults", () => {
    expect(parseFakeModelArgs(["--script", "s.json", "--latency-ms", "15"])).toEqual({
      help: false,
      echo: false,
      script: "s.json",
      port: 0,
      latencyMs: 15,
      chunkSize: 8,
    });
    expect(() => parseFakeModelArgs(["--echo", "--chunk-size", "0"])).toThrow(
      "--chunk-size must be an integer from 1",
    );
  });
});
