// The fake model's side of the benchmarks' tool turns (imported by bundled drivers only).
import { text, toolUse, turn } from "@berth/testkit";

/**
 * Decided from the request itself, so a daemon run and an SDK replay get identical replies:
 * the first user message says how many Reads to make ("bench:N"); each reply is one Read until
 * N results are in, then a final text. Any other first message gets one text reply.
 */
export function responderFor(file) {
  return (request) => {
    const messages = request.body?.messages ?? [];
    const first = messages[0]?.content;
    const firstText = typeof first === "string" ? first : (first?.find((b) => b.type === "text")?.text ?? "");
    const wanted = Number(/bench:(\d+)/.exec(firstText)?.[1] ?? 0);
    const done = messages.filter((m) => m.role === "assistant").length;
    return done < wanted
      ? turn(toolUse("Read", { file_path: file }))
      : turn(text(`Read the file ${done} times.`));
  };
}
