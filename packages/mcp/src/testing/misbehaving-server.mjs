// A deliberately broken MCP server for tests. The first argument picks the failure:
//   exit       exits at once with code 3
//   silent     never answers initialize
//   garbage    prints non-JSON on stdout instead of answering
//   huge       a correct server whose only tool "big" returns 1 MB of text
//   crash-on-call  a correct server whose tool "die" kills the process
import { createInterface } from "node:readline";

const mode = process.argv[2];
if (mode === "exit") {
  process.stderr.write(`fatal: no configuration (token ${process.env.SERVER_TOKEN ?? "none"})\n`);
  process.exit(3);
}
if (mode === "garbage") {
  process.stdout.write("Starting server... hello there\nnot json either\n");
}
const send = (m) => process.stdout.write(`${JSON.stringify(m)}\n`);
createInterface({ input: process.stdin }).on("line", (line) => {
  const msg = JSON.parse(line);
  if (mode === "silent" || mode === "garbage" || msg.id === undefined) return;
  if (msg.method === "initialize") {
    send({
      jsonrpc: "2.0",
      id: msg.id,
      result: {
        protocolVersion: msg.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "misbehaving", version: "1" },
      },
    });
  } else if (msg.method === "tools/list") {
    const schema = { type: "object", properties: {} };
    send({
      jsonrpc: "2.0",
      id: msg.id,
      result: {
        tools: [
          { name: "big", inputSchema: schema },
          { name: "die", inputSchema: schema },
        ],
      },
    });
  } else if (msg.method === "tools/call") {
    if (msg.params.name === "die") process.exit(9);
    send({
      jsonrpc: "2.0",
      id: msg.id,
      result: { content: [{ type: "text", text: "x".repeat(1024 * 1024) }] },
    });
  } else {
    send({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "no such method" } });
  }
});
