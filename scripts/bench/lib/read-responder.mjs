// The fake model's side of the benchmarks' tool turns (imported by bundled drivers only).
import { text, toolUse, turn } from "@berth/testkit";

/**
 * Decided from the request itself, so a daemon run and an SDK replay get identical replies:
 * the first user message says how many tool calls to make ("bench:N", or "bench:N:bash" for
 * `ls` through the Bash tool's persistent shell instead of Read); each reply is one call until
 * N results are in, then a final text. Any other first message gets one text reply.
 */
export function responderFor(file) {
  return (request) => {
    const messages = request.body?.messages ?? [];
    const first = messages[0]?.content;
    const firstText = typeof first === "string" ? first : (first?.find((b) => b.type === "text")?.text ?? "");
    const [, count, tool] = /bench:(\d+)(?::(bash))?/.exec(firstText) ?? [];
    const wanted = Number(count ?? 0);
    const done = messages.filter((m) => m.role === "assistant").length;
    if (done >= wanted) return turn(text(`Used the tool ${done} times.`));
    return tool === "bash"
      ? turn(toolUse("Bash", { command: "ls" }))
      : turn(toolUse("Read", { file_path: file }));
  };
}
