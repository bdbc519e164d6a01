// Two of the daemon bundle's stand-ins (scripts/lib/fastify-trim.mjs) defer a Node built-in
// instead of leaving it out: the real module must load on first use, and behave as itself.
import assert from "node:assert";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the build scripts, without types
import { deferred, deferredAssert } from "./fastify-trim.mjs";

const realRequire = createRequire(import.meta.url);

/** Runs a stand-in's CommonJS source; its exports, and the modules it has required so far. */
function load(source: string) {
  const required: string[] = [];
  const module = { exports: {} as unknown };
  const require = (id: string) => {
    required.push(id);
    return realRequire(id);
  };
  new Function("module", "require", source)(module, require);
  return { exports: module.exports as never, required };
}

describe("fastify-trim's deferred built-ins", () => {
  it("assert: passes a truthy value without loading node:assert", () => {
    const { exports, required } = load(deferredAssert("node:assert"));
    (exports as (value: unknown, message?: string) => void)(1, "never shown");
    (exports as (value: unknown, message?: string) => void)("yes");
    expect(required).toEqual([]);
  });

  it("assert: fails a falsy value with node:assert's own AssertionError and message", () => {
    const { exports, required } = load(deferredAssert("node:assert"));
    const fail = () =>
      (exports as (value: unknown, message?: string) => void)(0, "sonic.fd must be a number");
    expect(fail).toThrow(assert.AssertionError);
    expect(fail).toThrow("sonic.fd must be a number");
    expect(required).toEqual(["node:assert"]);
  });

  it("assert: its other functions are node:assert's", () => {
    const { exports, required } = load(deferredAssert("assert"));
    const stand = exports as typeof assert;
    expect(stand.strictEqual).toBe(assert.strictEqual);
    expect(() => stand.ok(false, "not ok")).toThrow("not ok");
    expect(required).toEqual(["assert"]);
  });

  it("dns: loads node:dns on the first property read, once", () => {
    const { exports, required } = load(deferred("node:dns"));
    expect(required).toEqual([]);
    const dns = exports as typeof import("node:dns");
    expect(dns.lookup).toBe(realRequire("node:dns").lookup);
    expect(dns.ADDRCONFIG).toBe(realRequire("node:dns").ADDRCONFIG);
    expect(required).toEqual(["node:dns"]);
  });
});
