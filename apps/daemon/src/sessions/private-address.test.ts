// Public names must not lead into the local network. DNS cannot be controlled offline, so the
// resolver is a table here; the connection path (undici Agent, net.connect) is the real one.
import type { LookupAddress } from "node:dns";
import { startTestWebServer } from "@berth/testkit";
import { describe, expect, it } from "vitest";
import { isPrivateAddress, publicOnlyLookup } from "./private-address";
import { createWebAccess } from "./web-access";

const table: Record<string, LookupAddress[]> = {
  "metadata.attacker.example": [{ address: "169.254.169.254", family: 4 }],
  "mixed.attacker.example": [
    { address: "93.184.216.34", family: 4 },
    { address: "::ffff:10.0.0.7", family: 6 },
  ],
  "loopback.attacker.example": [{ address: "127.0.0.1", family: 4 }],
  "docs.example.com": [{ address: "93.184.216.34", family: 4 }],
  "dev.internal": [{ address: "10.1.2.3", family: 4 }],
};
const resolve = (host: string, cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
  table[host] ? cb(null, table[host]) : cb(Object.assign(new Error("not found"), { code: "ENOTFOUND" }), []);

function look(host: string): Promise<string> {
  return new Promise((done) =>
    publicOnlyLookup(resolve)(host, {}, (error, address) =>
      done(error ? `error: ${error.message}` : String(address)),
    ),
  );
}

describe("publicOnlyLookup", () => {
  it("refuses public names that resolve to private, link-local or mapped private addresses", async () => {
    expect(await look("metadata.attacker.example")).toMatch(
      /resolves to 169\.254\.169\.254, a private or local address/,
    );
    expect(await look("mixed.attacker.example")).toMatch(/resolves to ::ffff:10\.0\.0\.7/);
    expect(await look("docs.example.com")).toBe("93.184.216.34");
    // Internal names were allowed by a rule naming them; their private address is expected.
    expect(await look("dev.internal")).toBe("10.1.2.3");
    expect(await look("nowhere.example")).toMatch(/not found/);
  });

  it("classifies addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
    ])
      expect(isPrivateAddress(a, 4), a).toBe(true);
    for (const a of ["::1", "fd00::1", "fe80::1", "::ffff:192.168.0.1"])
      expect(isPrivateAddress(a, 6), a).toBe(true);
    for (const a of ["93.184.216.34", "172.32.0.1", "8.8.8.8"]) expect(isPrivateAddress(a, 4), a).toBe(false);
    expect(isPrivateAddress("2606:4700::1111", 6)).toBe(false);
  });

  it("stops a page fetch whose public name points at the local machine", async () => {
    const site = await startTestWebServer();
    const web = createWebAccess({
      modelClient: { provider: "anthropic", messagesCreate: () => Promise.reject(new Error("unused")) },
      env: {},
      lookup: publicOnlyLookup(resolve),
    });
    try {
      const port = new URL(site.origin).port;
      const error = await web
        .fetch(`http://loopback.attacker.example:${port}/notes.txt`, {})
        .catch((e: unknown) => e);
      expect((error as { cause?: { code?: string } }).cause?.code).toBe("EPRIVATEADDRESS");
      expect(site.hits.get("/notes.txt")).toBeUndefined();
      // The loopback address itself (allowed only by a rule naming it) still works.
      const direct = await web.fetch(`${site.origin}/notes.txt`, {});
      expect(await direct.text()).toContain("plain notes");
    } finally {
      await web.close();
      await site.close();
    }
  });
});
