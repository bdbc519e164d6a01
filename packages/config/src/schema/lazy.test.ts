import { describe, expect, it } from "vitest";
import { settingsSchema } from "./index.js";
import { lazy } from "./lazy.js";

describe("lazily built settings schemas", () => {
  it("builds once, on the first call", () => {
    let builds = 0;
    const value = lazy(() => ({ n: ++builds }));
    expect(builds).toBe(0);
    expect(value()).toBe(value());
    expect(builds).toBe(1);
  });

  it("still rejects bad settings and keeps unknown keys", () => {
    const schema = settingsSchema();
    expect(schema).toBe(settingsSchema());
    expect(schema.safeParse({ permissions: { defaultMode: "yolo" } }).success).toBe(false);
    expect(
      schema.safeParse({ hooks: { PreToolUse: [{ hooks: [{ type: "command", command: "" }] }] } }).success,
    ).toBe(false);
    expect(schema.safeParse({ sandbox: { network: { allowedDomains: "x" } } }).success).toBe(false);
    const ok = schema.safeParse({ model: "sonnet", someNewKey: 1 });
    expect(ok.success && ok.data.someNewKey).toBe(1);
  });
});
