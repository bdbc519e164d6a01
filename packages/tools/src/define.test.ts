import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, parseToolInput } from "./define.js";
import { builtinTools, readTool } from "./index.js";
import { makeContext, tempDir } from "./test-helpers.js";

describe("tool declarations", () => {
  it("offers the built-in tools with clean JSON Schemas", () => {
    const tools = builtinTools();
    expect(tools.map((t) => t.name)).toEqual([
      "Read",
      "Write",
      "Edit",
      "MultiEdit",
      "Glob",
      "Grep",
      "LS",
      "Bash",
      "TodoWrite",
      "WebFetch",
      "WebSearch",
    ]);
    for (const tool of tools) {
      expect(tool.jsonSchema.$schema).toBeUndefined();
      expect(tool.jsonSchema.type).toBe("object");
      expect(tool.description.length).toBeGreaterThan(100);
      expect(JSON.stringify(tool.jsonSchema)).not.toContain("9007199254740991");
    }
    expect(readTool.jsonSchema.required).toEqual(["file_path"]);
    const grep = tools.find((t) => t.name === "Grep")!;
    expect(Object.keys(grep.jsonSchema.properties as object)).toContain("-i");
    expect(tools.filter((t) => t.readOnly).map((t) => t.name)).toEqual([
      "Read",
      "Glob",
      "Grep",
      "LS",
      "TodoWrite",
    ]);
  });
});

describe("parseToolInput", () => {
  it("accepts valid input (also as a JSON string)", () => {
    expect(parseToolInput(readTool, { file_path: "/x", limit: 5 })).toEqual({
      ok: true,
      input: { file_path: "/x", limit: 5 },
    });
    expect(parseToolInput(readTool, '{"file_path":"/x"}')).toEqual({ ok: true, input: { file_path: "/x" } });
  });

  it("explains every problem, unknown names and the expected parameters", () => {
    const result = parseToolInput(readTool, { path: "/x", offset: 1.5 });
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    expect(message).toContain("Invalid input for Read");
    expect(message).toContain("file_path: required (string)");
    expect(message).toContain("offset: expected an integer");
    expect(message).toContain("unknown parameter: path");
    expect(message).toContain(
      "Expected parameters: file_path (string, required), offset (integer), limit (integer)",
    );
    expect(parseToolInput(readTool, 42)).toMatchObject({ ok: false });
  });
});

describe("execute", () => {
  it("validates again and never throws", async () => {
    const ctx = makeContext(tempDir());
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    const bad = await readTool.execute({ nope: 1 } as any, ctx);
    expect(bad.isError).toBe(true);
    expect(bad.content).toContain("file_path: required");
    const boom = defineTool({
      name: "Boom",
      description: "throws",
      readOnly: true,
      schema: z.object({}),
      run: async () => {
        throw new Error("kaput");
      },
    });
    expect(await boom.execute({}, ctx)).toEqual({ isError: true, content: "Boom failed: kaput" });
  });

  it("validates input once when it was parsed by the same tool's schema", async () => {
    let parses = 0;
    const schema = z.object({ n: z.number() }).transform((v) => {
      parses++;
      return { ...v };
    });
    const seen: unknown[] = [];
    const tool = defineTool({
      name: "Count",
      description: "records its input",
      readOnly: true,
      schema,
      run: async (input) => {
        seen.push(input);
        return { content: "ok" };
      },
    });
    const ctx = makeContext(tempDir());
    const parsed = parseToolInput(tool, { n: 1 });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parses).toBe(1);
    await tool.execute(parsed.input, ctx);
    expect(parses).toBe(1);
    expect(seen[0]).toBe(parsed.input);
    // A look-alike object that did not come out of the schema is validated (and can fail).
    await tool.execute({ n: 2 }, ctx);
    expect(parses).toBe(2);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect((await tool.execute({ n: "x" } as any, ctx)).isError).toBe(true);
    // Parsed by another tool's schema: validated again.
    const other = parseToolInput(readTool, { file_path: "/x" });
    if (!other.ok) throw new Error(other.message);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately another tool's input
    expect((await tool.execute(other.input as any, ctx)).isError).toBe(true);
  });

  it("reports an interrupt that happened before the tool started", async () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = makeContext(tempDir(), { controller });
    expect(await readTool.execute({ file_path: "/etc/hostname" }, ctx)).toMatchObject({
      isError: true,
      content: expect.stringMatching(/Interrupted/),
    });
  });
});
