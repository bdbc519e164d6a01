import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { apiError, text, toolUse, turn } from "./builders.js";
import { lastToolResult } from "./captured.js";
import { ScriptError } from "./schemas.js";
import { loadScriptFile, parseScript } from "./script-file.js";
import { type FakeAnthropic, startFakeAnthropic } from "./server.js";
import { makeTempDir } from "./temp.js";

const dir = makeTempDir("berth-testkit-script-");
afterAll(() => dir.cleanup());

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function writeScript(name: string, content: unknown): string {
  const path = join(dir.path, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("script files", () => {
  it("loads {turns: [...]} and bare arrays", async () => {
    const turns = [
      turn(text("hi")),
      apiError(529),
      { content: [toolUse("Bash", { command: "ls" })], delayMs: 5 },
    ];
    expect(await loadScriptFile(writeScript("object.json", { description: "demo", turns }))).toEqual(turns);
    expect(await loadScriptFile(writeScript("array.json", turns))).toEqual(turns);
  });

  it("names the file and the path of the problem", async () => {
    const path = writeScript("bad.json", {
      turns: [turn(text("ok")), { content: [{ type: "tool_use", input: {} }] }],
    });
    const error = await loadScriptFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as Error).message).toContain(`${path}: turns[1]: content[0].name:`);
  });

  it("reports bad error turns, bad JSON, unknown keys and missing files clearly", async () => {
    await expect(loadScriptFile(writeScript("e.json", [{ error: { status: 200 } }]))).rejects.toThrow(
      /turns\[0\]: error\.status: .*400/,
    );
    await expect(loadScriptFile(writeScript("j.json", "{ nope"))).rejects.toThrow(/j\.json: not valid JSON/);
    await expect(loadScriptFile(writeScript("k.json", [{ content: [], stopReason: "x" }]))).rejects.toThrow(
      /turns\[0\]: .*stopReason/,
    );
    await expect(loadScriptFile(join(dir.path, "missing.json"))).rejects.toThrow(
      /missing\.json: cannot read script file \(ENOENT\)/,
    );
    expect(() => parseScript({ steps: [] }, "inline")).toThrow(/inline: expected an array of turns/);
  });
});

describe("enqueue", () => {
  it("validates turns at the call site", async () => {
    fake = await startFakeAnthropic();
    expect(() => fake?.enqueue({ content: [{ type: "text" } as never] })).toThrow(
      /enqueue\[0\]: content\[0\]\.text/,
    );
    fake.enqueue(turn(text("a")), turn(text("b")));
    expect(fake.remaining).toBe(2);
  });
});

describe("responder", () => {
  const params = { model: "claude-test", max_tokens: 100 };

  it("drives a long tool loop and answers from the last tool_result", async () => {
    const calls = 200;
    fake = await startFakeAnthropic({
      responder: (request, index) =>
        index < calls
          ? turn(toolUse("Counter", { step: index }))
          : turn(text(`last result was ${lastToolResult(request)?.text}`)),
    });
    const client = new Anthropic({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "count" }];
    for (;;) {
      const message = await client.messages.create({ ...params, messages });
      messages.push({ role: "assistant", content: message.content });
      const call = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
      if (!call) {
        expect(message.content).toEqual([{ type: "text", text: "last result was step 199" }]);
        break;
      }
      const step = (call.input as { step: number }).step;
      messages.push({
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call.id, content: `step ${step}` }],
      });
    }
    expect(fake.requests).toHaveLength(calls + 1);
  });

  it("serves queued turns first, then the responder; undefined means exhausted", async () => {
    const seen: number[] = [];
    fake = await startFakeAnthropic({
      script: [turn(text("scripted"))],
      responder: (_request, index) => {
        seen.push(index);
        return index < 2 ? turn(text(`dynamic ${index}`)) : undefined;
      },
    });
    const client = new Anthropic({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });
    const ask = () => client.messages.create({ ...params, messages: [{ role: "user", content: "x" }] });
    expect((await ask()).content).toEqual([{ type: "text", text: "scripted" }]);
    expect((await ask()).content).toEqual([{ type: "text", text: "dynamic 1" }]);
    await expect(ask()).rejects.toThrow("fake model: script exhausted after 2 turns");
    expect(seen).toEqual([1, 2]);
  });

  it("turns a throwing or invalid responder into a loud 500", async () => {
    let call = 0;
    fake = await startFakeAnthropic({
      responder: () => {
        call++;
        if (call === 1) throw new Error("boom");
        return { content: [{ type: "tool_use", name: "", input: {} }] } as never;
      },
    });
    const client = new Anthropic({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });
    const ask = () => client.messages.create({ ...params, messages: [{ role: "user", content: "x" }] });
    await expect(ask()).rejects.toThrow("fake model: responder threw: boom");
    await expect(ask()).rejects.toThrow(/fake model: responder turn 0: content\[0\]\.name/);
  });
});
