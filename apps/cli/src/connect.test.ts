import { type BerthConnection, ConnectionError } from "@berth/client";
import { ProtocolError } from "@berth/protocol";
import { describe, expect, it } from "vitest";
import { openPipelined } from "./connect";

/** A connection whose handshake settles as given; only `ready` matters to openPipelined. */
function connection(name: string, handshake: "ok" | Error): BerthConnection {
  const ready = handshake === "ok" ? Promise.resolve() : Promise.reject(handshake);
  ready.catch(() => {});
  return { name, ready } as unknown as BerthConnection;
}

const nameOf = (conn: BerthConnection) => (conn as unknown as { name: string }).name;

describe("openPipelined", () => {
  it("opens on the pipelined connection when all goes well", async () => {
    const connects: boolean[] = [];
    const result = await openPipelined(
      async (pipelined) => {
        connects.push(pipelined);
        return connection("first", "ok");
      },
      async (conn) => `session on ${nameOf(conn)}`,
    );
    expect(connects).toEqual([true]);
    expect(result.opened).toBe("session on first");
  });

  it("connects again the ordinary way when the daemon went away during the handshake", async () => {
    const connects: boolean[] = [];
    const closed = new ConnectionError("CLOSED", "Connection to the Berth daemon closed (1006 )");
    const result = await openPipelined(
      async (pipelined) => {
        connects.push(pipelined);
        return pipelined ? connection("dying daemon", closed) : connection("new daemon", "ok");
      },
      async (conn) => {
        if (nameOf(conn) === "dying daemon") throw closed;
        return `session on ${nameOf(conn)}`;
      },
    );
    expect(connects).toEqual([true, false]);
    expect(nameOf(result.conn)).toBe("new daemon");
    expect(result.opened).toBe("session on new daemon");
  });

  it("reports any other failure as it is, without a second connection", async () => {
    const refused = new ProtocolError("InvalidParams", "Invalid params for session/create");
    const mismatch = new ProtocolError("InvalidRequest", "Protocol version 0 is not supported");
    for (const [handshake, failure] of [
      ["ok", refused],
      [mismatch, mismatch],
    ] as const) {
      const connects: boolean[] = [];
      const outcome = await openPipelined(
        async (pipelined) => {
          connects.push(pipelined);
          return connection("daemon", handshake);
        },
        async () => {
          throw failure;
        },
      ).catch((error: unknown) => error);
      expect(outcome).toBe(failure);
      expect(connects).toEqual([true]);
    }
  });
});
