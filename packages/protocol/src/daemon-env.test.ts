import { describe, expect, it } from "vitest";
import { daemonEnvironment, foreignDaemonVariables } from "./daemon-env";

describe("daemon environment", () => {
  const user = {
    PATH: "/usr/bin",
    HOME: "/home/me",
    LANG: "en_GB.UTF-8",
    LC_ALL: "C",
    BERTH_HOME: "/home/me/.berth",
    BERTH_DAEMON_IDLE_MS: "1000",
    BERTH_DAEMON_TIMINGS: "/tmp/marks.jsonl",
    ANTHROPIC_API_KEY: "sk-ant-secret",
    ANTHROPIC_BASE_URL: "https://gw",
    AWS_SECRET_ACCESS_KEY: "aws-secret",
    GITHUB_TOKEN: "ghp_x",
    DB_PASSWORD: "pw",
    SSH_AUTH_SOCK: "/tmp/agent",
    NODE_OPTIONS: "--require evil.js",
    UNSET: undefined,
  };

  it("keeps only the allowlisted, non-secret variables", () => {
    expect(daemonEnvironment(user)).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/me",
      LANG: "en_GB.UTF-8",
      LC_ALL: "C",
      BERTH_HOME: "/home/me/.berth",
      BERTH_DAEMON_IDLE_MS: "1000",
      BERTH_DAEMON_TIMINGS: "/tmp/marks.jsonl",
    });
  });

  it("names what it drops (names only)", () => {
    expect(foreignDaemonVariables(user).sort()).toEqual([
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_BASE_URL",
      "AWS_SECRET_ACCESS_KEY",
      "DB_PASSWORD",
      "GITHUB_TOKEN",
      "NODE_OPTIONS",
      "SSH_AUTH_SOCK",
    ]);
  });
});
