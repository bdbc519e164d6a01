import { describe, expect, it } from "vitest";
import { streamIdleOption } from "./stream-idle-setting";

describe("BERTH_STREAM_IDLE_TIMEOUT_MS", () => {
  it("passes a valid value on, and leaves the default when unset", () => {
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) };
    expect(streamIdleOption({ BERTH_STREAM_IDLE_TIMEOUT_MS: "5000" }, logger)).toEqual({
      streamIdleTimeoutMs: 5000,
    });
    expect(streamIdleOption({}, logger)).toEqual({});
    expect(warnings).toEqual([]);
  });

  it("ignores a bad value with a warning instead of failing the session", () => {
    for (const bad of ["soon", "10", "1.5e3x", "99999999"]) {
      const warnings: unknown[] = [];
      expect(
        streamIdleOption(
          { BERTH_STREAM_IDLE_TIMEOUT_MS: bad },
          { warn: (...a: unknown[]) => warnings.push(a) },
        ),
      ).toEqual({});
      expect(warnings).toHaveLength(1);
    }
  });
});
