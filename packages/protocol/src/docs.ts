import { z } from "zod";
import { ErrorCodes } from "./jsonrpc";
import { MAX_MESSAGE_BYTES, methods, notifications } from "./methods";
import { PROTOCOL_VERSION } from "./version";
import { SessionEvent } from "./events";

/** Renders docs/protocol.md from the method table so the doc can never drift from the code. */
export function renderProtocolDoc(): string {
  const out: string[] = [];
  out.push("# Berth daemon protocol", "");
  out.push(
    "<!-- Generated from packages/protocol by `pnpm gen:protocol-doc`; a test fails when it drifts. -->",
    "",
  );
  out.push(
    `Protocol version: \`${PROTOCOL_VERSION}\`. JSON-RPC 2.0, one message per WebSocket text frame, ` +
      `at most ${MAX_MESSAGE_BYTES} bytes. The first request on a connection must be \`initialize\`. ` +
      "Every connection presents `Authorization: Bearer <token>` (the token file is `<BERTH_HOME>/run/token`, mode 0600); " +
      "upgrades with a browser `Origin` or a non-loopback `Host` are refused.",
    "",
  );
  out.push("## Methods", "");
  for (const [name, m] of Object.entries(methods)) {
    out.push(`### \`${name}\``, "", m.doc, "");
    out.push("Params:", "", fence(schemaOf(m.params)), "", "Result:", "", fence(schemaOf(m.result)), "");
  }
  out.push("## Notifications (daemon → client)", "");
  for (const [name, n] of Object.entries(notifications)) {
    out.push(`### \`${name}\``, "", n.doc, "", fence(schemaOf(n.params)), "");
  }
  out.push("## Session events", "");
  out.push("The `event` field of `session/event` is one of these, tagged by `type`:", "");
  for (const option of SessionEvent().options) {
    const type = option.shape.type.value;
    out.push(
      `- \`${type}\`: ${
        Object.keys(option.shape)
          .filter((k) => k !== "type")
          .join(", ") || "(no fields)"
      }`,
    );
  }
  out.push("", "## Errors", "", "| name | code | retry helps | meaning |", "|---|---|---|---|");
  for (const [name, e] of Object.entries(ErrorCodes)) {
    out.push(`| ${name} | ${e.code} | ${e.retryable ? "yes" : "no"} | ${e.doc} |`);
  }
  out.push("");
  return out.join("\n");
}

function schemaOf(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return JSON.stringify(json, null, 2);
}

function fence(text: string): string {
  return "```json\n" + text + "\n```";
}
