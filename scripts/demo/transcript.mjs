// Turns print mode's stream-json lines into a readable transcript, so the demo shows the product
// even without a terminal (CI logs, piped output).
const summarize = (input) => {
  const main = input?.command ?? input?.file_path ?? input?.path ?? input?.url ?? JSON.stringify(input);
  return String(main).length > 100 ? `${String(main).slice(0, 99)}…` : String(main);
};

export function renderLine(line, write) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    write(`${line}\n`);
    return;
  }
  if (msg.type === "system" && msg.subtype === "init") {
    write(`session ${msg.session_id} · model ${msg.model} · mode ${msg.permissionMode}\n`);
  } else if (msg.type === "assistant") {
    for (const block of msg.message.content) {
      if (block.type === "text") write(`${block.text}\n`);
      if (block.type === "tool_use") write(`● ${block.name}(${summarize(block.input)})\n`);
    }
  } else if (msg.type === "user") {
    for (const block of msg.message.content) {
      if (block.type !== "tool_result") continue;
      const text = typeof block.content === "string" ? block.content : JSON.stringify(block.content);
      const lines = text.split("\n");
      const more = lines.length > 1 ? ` … +${lines.length - 1} lines` : "";
      write(`  ⎿ ${block.is_error ? "error: " : ""}${lines[0].slice(0, 120)}${more}\n`);
    }
  } else if (msg.type === "result") {
    const secs = (msg.duration_ms / 1000).toFixed(1);
    write(
      `\n${msg.is_error ? "Failed" : "Done"} in ${secs}s · ${msg.num_turns} model requests · $${msg.total_cost_usd.toFixed(4)}`,
    );
    write(msg.permission_denials.length ? ` · ${msg.permission_denials.length} denied tool calls\n` : "\n");
  }
}
