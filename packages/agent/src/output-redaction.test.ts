// Tool dispatch masks the secrets the daemon holds before the model, the transcript or a
// client sees them, and tells the session which variable it was (never the value).
import { SecretRedactor } from "@berth/providers";
import { text, toolUse, turn } from "@berth/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { fakeTool, type Harness, startHarness } from "./test-support.js";

const SECRET = "sk-ant-api03-LEAKY-5b4a3c2d1e";
let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("tool output redaction", () => {
  it("masks streamed chunks, the result and thrown errors, and warns with the variable name", async () => {
    const redactor = new SecretRedactor();
    redactor.add("ANTHROPIC_API_KEY", SECRET);
    const leaky = fakeTool("Leaky", async ({ value }, ctx) => {
      if (value === "throw") throw new Error(`boom ${SECRET}`);
      // Split across chunks, as a pty delivers it.
      ctx.onOutput?.(`env: ${SECRET.slice(0, 12)}`);
      ctx.onOutput?.(`${SECRET.slice(12)}\n`);
      return { content: `ANTHROPIC_API_KEY=${SECRET}` };
    });
    h = await startHarness({ tools: [leaky], redactor });
    h.fake.enqueue(
      turn(toolUse("Leaky", { value: "print" }, "toolu_1"), toolUse("Leaky", { value: "throw" }, "toolu_2")),
      turn(text("done")),
    );

    await h.session.runTurn("go", "t1");

    const everything = JSON.stringify([h.events, h.fake.requests, h.session.history]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(SECRET.slice(12));
    const streamed = h
      .of("tool_output_delta")
      .map((e) => e.chunk)
      .join("");
    expect(streamed).toBe("env: [REDACTED:ANTHROPIC_API_KEY]\n");
    expect(h.of("tool_result").map((e) => e.content)).toEqual([
      "ANTHROPIC_API_KEY=[REDACTED:ANTHROPIC_API_KEY]",
      "Tool Leaky failed: boom [REDACTED:ANTHROPIC_API_KEY]",
    ]);
    const warnings = h.of("notice").filter((n) => n.level === "warning");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.message).toContain("ANTHROPIC_API_KEY");
  });
});
