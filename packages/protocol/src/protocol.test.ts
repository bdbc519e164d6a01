import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  encodeError,
  ErrorCodes,
  MAX_MESSAGE_BYTES,
  methods,
  parseFrame,
  ProtocolError,
  renderProtocolDoc,
  SessionEvent,
} from "./index";

const docPath = join(dirname(fileURLToPath(import.meta.url)), "../../../docs/protocol.md");

describe("parseFrame", () => {
  it("classifies requests, notifications, results and errors", () => {
    expect(parseFrame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}', 1e6)).toMatchObject({
      kind: "request",
      id: 1,
      method: "initialize",
    });
    expect(parseFrame('{"jsonrpc":"2.0","method":"session/event","params":{}}', 1e6).kind).toBe(
      "notification",
    );
    expect(parseFrame('{"jsonrpc":"2.0","id":"a","result":{"x":1}}', 1e6)).toMatchObject({
      kind: "result",
      id: "a",
    });
    expect(
      parseFrame('{"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"no"}}', 1e6),
    ).toMatchObject({ kind: "error" });
  });

  it("turns bad input into typed errors instead of throwing", () => {
    const cases: Array<[string, string]> = [
      ["{not json", "ParseError"],
      ["[]", "InvalidRequest"],
      ['{"id":3,"method":"x"}', "InvalidRequest"],
      ['{"jsonrpc":"1.0","id":3,"method":"x"}', "InvalidRequest"],
      ["null", "InvalidRequest"],
    ];
    for (const [text, name] of cases) {
      const frame = parseFrame(text, 1e6);
      expect(frame.kind, text).toBe("invalid");
      if (frame.kind === "invalid") expect(frame.error.errorName, text).toBe(name);
    }
    const idKept = parseFrame('{"id":3,"method":5}', 1e6);
    expect(idKept.kind === "invalid" && idKept.id).toBe(3);
  });

  it("refuses oversized frames before parsing them", () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x", params: "y".repeat(100) });
    const frame = parseFrame(big, 50);
    expect(frame.kind === "invalid" && frame.error.errorName).toBe("MessageTooLarge");
  });
});

describe("errors", () => {
  it("round-trips through the wire shape with a stable name", () => {
    const wire = JSON.parse(encodeError(7, new ProtocolError("AlreadyAnswered", "taken")));
    expect(wire.error).toEqual({
      code: -32003,
      message: "taken",
      data: { name: "AlreadyAnswered", retryable: false },
    });
    const back = ProtocolError.fromErrorObject(wire.error);
    expect(back.errorName).toBe("AlreadyAnswered");
  });
  it("has unique codes", () => {
    const codes = Object.values(ErrorCodes).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("method table", () => {
  it("validates params with defaults", () => {
    const parsed = methods["session/create"].params.parse({ cwd: "/tmp/x" });
    expect(parsed).toMatchObject({ persist: true, interactive: true, env: {}, addDirs: [] });
    expect(methods["session/attach"].params.safeParse({ sessionId: "" }).success).toBe(false);
  });
  it("names methods resource/verb", () => {
    for (const name of Object.keys(methods)) expect(name).toMatch(/^(initialize|[a-z]+\/[a-zA-Z]+)$/);
  });
  it("parses every session event shape", () => {
    expect(SessionEvent().parse({ type: "status", status: "idle" })).toEqual({
      type: "status",
      status: "idle",
    });
    expect(SessionEvent().safeParse({ type: "nope" }).success).toBe(false);
  });
});

describe("docs/protocol.md", () => {
  it("matches the method table (regenerate with UPDATE_PROTOCOL_DOC=1)", () => {
    const rendered = renderProtocolDoc();
    if (process.env.UPDATE_PROTOCOL_DOC === "1") writeFileSync(docPath, rendered);
    expect(readFileSync(docPath, "utf8")).toBe(rendered);
    expect(rendered).toContain(`${MAX_MESSAGE_BYTES} bytes`);
  });
});

describe("parseFrame's shortcuts", () => {
  // Responses and notifications try their own envelope first; the answer must be the one the
  // full request → notification → result → error sequence gives, jitless or not.
  const cases: Array<[string, string]> = [
    ['{"jsonrpc":"2.0","id":1,"result":null}', "result"],
    ['{"jsonrpc":"2.0","id":1,"result":{"a":1},"extra":true}', "result"],
    ['{"jsonrpc":"2.0","method":"daemon/notice","params":{"level":"info"}}', "notification"],
    ['{"jsonrpc":"2.0","method":"","params":{}}', "invalid"],
    ['{"jsonrpc":"1.0","method":"x"}', "invalid"],
    ['{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}', "error"],
    ['{"jsonrpc":"2.0","id":2}', "invalid"],
    ['{"jsonrpc":"2.0","id":3,"method":"x","result":1}', "request"],
    ["[1,2]", "invalid"],
    ["7", "invalid"],
  ];
  it.each(cases)("classifies %s as %s", (text, kind) => {
    const frame = parseFrame(text, 1e6);
    expect(frame.kind).toBe(kind);
    expect(parseFrame(text, 1e6, { jitless: true })).toEqual(frame);
  });
});
