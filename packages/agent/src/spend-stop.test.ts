// beforeRequest (spend limits): asked before every model request; a refusal ends the turn
// between requests, so the history stays one the API accepts and the next turn can go on.
import { text, toolUse, turn } from "@berth/testkit";
import { afterEach, expect, it } from "vitest";
import { echoTool, type Harness, startHarness } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Each response costs $0.60; requests are refused once the turn's usage reaches `limitUsd`. */
async function turnUnder(limitUsd: number) {
  h = await startHarness({
    tools: [echoTool],
    cost: () => ({ costUsd: 0.6, priced: true }),
    beforeRequest: () => {
      const spent = h.of("usage").reduce((sum, u) => sum + u.costUsd, 0);
      return spent >= limitUsd ? `Spend limit reached: $${spent.toFixed(2)}` : undefined;
    },
  });
  h.fake.enqueue(
    turn(toolUse("Echo", { value: "1" })),
    turn(toolUse("Echo", { value: "2" })),
    turn(text("done")),
  );
  return h.session.runTurn("go", "t1");
}

it("lets every request through while under the limit", async () => {
  expect(await turnUnder(10)).toMatchObject({ status: "completed", result: "done" });
  expect(h.fake.requests).toHaveLength(3);
});

it("stops a turn mid-way with spend_limit after the running tool call is answered", async () => {
  expect(await turnUnder(1)).toMatchObject({
    status: "failed",
    error: { code: "spend_limit", message: "Spend limit reached: $1.20", retryable: false },
  });
  expect(h.fake.requests).toHaveLength(2);
  expect(h.of("tool_result").map((r) => r.isError)).toEqual([false, false]);
  expect(h.of("turn_failed")[0]?.error.code).toBe("spend_limit");
  // Ends with the answered tool calls: the next request would be well-formed.
  expect(h.session.history.at(-1)?.role).toBe("user");
  expect(JSON.stringify(h.session.history.at(-1)?.content)).toContain("tool_result");
});
