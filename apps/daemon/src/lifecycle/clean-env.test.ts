import { describe, expect, it } from "vitest";
import { supervisedStdio } from "./clean-env";

describe("the supervised clean daemon's descriptors", () => {
  it("passes the readiness pipe through as the same descriptor, with the IPC channel after it", () => {
    expect(supervisedStdio(["node", "daemon.js", "--home", "/h"])).toEqual([
      "inherit",
      "inherit",
      "inherit",
      "ipc",
    ]);
    expect(supervisedStdio(["node", "daemon.js", "--ready-fd", "3"])).toEqual([
      "inherit",
      "inherit",
      "inherit",
      3,
      "ipc",
    ]);
    expect(supervisedStdio(["node", "daemon.js", "--ready-fd=5"])).toEqual([
      "inherit",
      "inherit",
      "inherit",
      "ignore",
      "ignore",
      5,
      "ipc",
    ]);
    expect(supervisedStdio(["node", "daemon.js", "--ready-fd", "nope"])).toEqual([
      "inherit",
      "inherit",
      "inherit",
      "ipc",
    ]);
  });
});
