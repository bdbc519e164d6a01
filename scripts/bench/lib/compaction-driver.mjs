// Bundled and run by compaction.bench.mjs: an AgentSession (packages/agent, as the daemon builds
// it) on the official SDK pointed at the fake Messages API, holding a ~150k-token conversation.
import Anthropic from "@anthropic-ai/sdk";
import { AgentSession, SUMMARY_INSTRUCTIONS } from "@berth/agent";
import { startFakeAnthropic, text, turn } from "@berth/testkit";

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** A coding conversation of `turns` turns, each with a tool call and a large result. */
function conversation(turns, resultChars) {
  const messages = [];
  for (let i = 0; i < turns; i++) {
    messages.push({
      role: "user",
      content: [{ type: "text", text: `Step ${i}: read src/file-${i}.ts and fix it.` }],
    });
    messages.push({
      role: "assistant",
      content: [
        { type: "tool_use", id: `toolu_${i}`, name: "Read", input: { file_path: `/p/src/file-${i}.ts` } },
      ],
    });
    messages.push({
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: `toolu_${i}`,
          content: `// file ${i}\n${"x".repeat(resultChars)}`,
        },
      ],
    });
    messages.push({ role: "assistant", content: [{ type: "text", text: `Fixed file ${i}.` }] });
  }
  return messages;
}

export async function run({ turns = 60, resultChars = 10_000, repeats = 5 } = {}) {
  const fake = await startFakeAnthropic({
    responder: (request) => {
      const last = JSON.stringify(request.body?.messages?.at(-1) ?? "");
      return last.includes(SUMMARY_INSTRUCTIONS.slice(0, 40))
        ? turn(text("SUMMARY of the work so far."))
        : turn(text("ok"));
    },
  });
  const client = new Anthropic({ apiKey: "bench", baseURL: fake.url, maxRetries: 0 });
  const history = conversation(turns, resultChars);
  const chars = JSON.stringify(history).length;
  const tools = [
    {
      name: "Read",
      description: "read",
      inputSchema: { safeParse: (v) => ({ success: true, data: v }) },
      jsonSchema: { type: "object", properties: { file_path: { type: "string" } } },
      readOnly: true,
      run: async () => ({ content: "" }),
    },
  ];
  const make = () =>
    new AgentSession({
      sessionId: "bench",
      cwd: "/p",
      model: "claude-sonnet-5-5",
      messages: client.messages,
      tools,
      toolContext: { sessionId: "bench", cwd: "/p", env: {} },
      gate: async () => ({ behavior: "allow" }),
      emit: () => undefined,
      history,
      compaction: { windowTokens: 1_000_000, auto: false },
    });
  const compactMs = [];
  const requestMs = [];
  for (let i = 0; i < repeats; i++) {
    // Baseline: one ordinary turn over the same conversation (a request of the same size).
    const plain = make();
    let t0 = now();
    await plain.runTurn("go on", `t${i}`);
    requestMs.push(now() - t0);
    const session = make();
    t0 = now();
    const outcome = await session.compact();
    compactMs.push(now() - t0);
    if (outcome !== "compacted") throw new Error(`nothing compacted: ${outcome}`);
  }
  await fake.close();
  return { tokens: Math.round(chars / 4), messages: history.length, compactMs, requestMs };
}
