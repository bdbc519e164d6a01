import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { waitUntilGone } from "./process-groups.js";

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

describe("waitUntilGone", () => {
  it("resolves true at once for processes that have already exited", async () => {
    const child = spawn("true", { detached: true });
    await exited(child);
    const pid = child.pid as number;
    expect(await waitUntilGone({ groups: new Set([pid]), strays: new Set([pid]) }, 5_000)).toBe(true);
  });

  it("resolves true as soon as a group exits within the grace", async () => {
    const child = spawn("sleep", ["0.1"], { detached: true });
    const pid = child.pid as number;
    const gone = waitUntilGone({ groups: new Set([pid]), strays: new Set() }, 5_000);
    await exited(child);
    expect(await gone).toBe(true);
  });

  it("resolves false when something is still alive after the grace", async () => {
    const child = spawn("sleep", ["30"], { detached: true });
    const pid = child.pid as number;
    try {
      expect(await waitUntilGone({ groups: new Set([pid]), strays: new Set([pid]) }, 30)).toBe(false);
    } finally {
      process.kill(-pid, "SIGKILL");
      await exited(child);
    }
  });
});
