import { existsSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir, makeTempHome } from "./temp.js";
import { waitFor } from "./wait-for.js";

describe("temp directories", () => {
  it("creates a realpath'ed directory under the temp dir and removes it", () => {
    const dir = makeTempDir("berth-testkit-");
    expect(dir.path).toBe(realpathSync(dir.path));
    expect(dir.path.startsWith(realpathSync(tmpdir()))).toBe(true);
    writeFileSync(join(dir.path, "file.txt"), "x");
    dir.cleanup();
    expect(existsSync(dir.path)).toBe(false);
    dir.cleanup(); // twice is fine
  });

  it("makes a home with a private .berth and the env to use it", () => {
    const home = makeTempHome();
    expect(home.env).toEqual({
      HOME: home.path,
      USERPROFILE: home.path,
      BERTH_HOME: join(home.path, ".berth"),
    });
    expect(statSync(home.berthHome).mode & 0o777).toBe(0o700);
    home.cleanup();
    expect(existsSync(home.path)).toBe(false);
  });
});

describe("waitFor", () => {
  it("resolves with the first truthy value, treating throws as not yet", async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls++;
        if (calls < 2) throw new Error("not yet");
        return calls >= 3 ? { calls } : undefined;
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it("times out with the description and the last error", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error("connection refused");
        },
        { timeoutMs: 30, intervalMs: 5, description: "the socket" },
      ),
    ).rejects.toThrow("waitFor: timed out after 30 ms for the socket; last error: connection refused");
  });
});
