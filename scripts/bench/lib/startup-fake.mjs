// The fake model for startup.bench.mjs, run as its own process (bundled first: it imports the
// TypeScript testkit) so its work never shares a thread with the clients being timed.
// Replies are decided from each request, not from a queue, so extra requests a client makes
// (titles, summaries) cannot shift the script: a request with tools whose first user message
// holds the step marker gets the next tool call (one per tool_result already in the
// conversation) until 20, then a final text; anything else gets a short text. Every request is
// appended to the log file with its arrival time (epoch ms, sub-ms), for the breakdown.
// Usage: node startup-fake.bundle.mjs <project> <log file>; prints its URL on stdout.
import { appendFileSync } from "node:fs";
import { startFakeAnthropic } from "@berth/testkit";
import { STEP_MARKER, STEPS, stepCall } from "./startup-steps.mjs";

const [project, log] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();

function userText(message) {
  if (typeof message?.content === "string") return message.content;
  return (message?.content ?? [])
    .filter((b) => b.type === "text")
    .map((b) => b.text)
    .join("\n");
}

function respond(request) {
  const at = now();
  const body = request.body ?? {};
  const messages = body.messages ?? [];
  const tools = (body.tools ?? []).map((t) => t.name);
  const stepTask =
    tools.includes("Read") && messages.some((m) => m.role === "user" && userText(m).includes(STEP_MARKER));
  const results = messages.flatMap((m) =>
    Array.isArray(m.content) ? m.content.filter((b) => b.type === "tool_result") : [],
  );
  const step = results.length;
  const errors = results.filter((r) => r.is_error);
  const entry = { at, model: body.model, tools: tools.length, main: stepTask, step, errors: errors.length };
  if (errors.length > 0) entry.firstError = JSON.stringify(errors[0].content).slice(0, 300);
  appendFileSync(log, `${JSON.stringify(entry)}\n`);
  if (stepTask && step < STEPS) {
    const call = stepCall(project, step);
    return { content: [{ type: "tool_use", ...call }] };
  }
  return { content: [{ type: "text", text: stepTask ? `Done: ${step} steps.` : "hi" }] };
}

const fake = await startFakeAnthropic({ responder: respond });
process.stdout.write(`${fake.url}\n`);
process.once("SIGTERM", () => void fake.close().then(() => process.exit(0)));
// The bench holds our stdin open; when it ends (the bench exited or crashed), so do we.
process.stdin.on("end", () => process.exit(0)).resume();
