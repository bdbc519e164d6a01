import { expect, it } from "vitest";
import { sessionEnvFrom } from "./session-env";

it("keeps credentials, proxies and PATH, and drops the extension host's own variables", () => {
  expect(
    sessionEnvFrom({
      ANTHROPIC_API_KEY: "k",
      HTTPS_PROXY: "http://proxy:3128",
      PATH: "/usr/bin",
      VSCODE_IPC_HOOK: "/tmp/vscode-ipc.sock",
      VSCODE_PID: "12",
      ELECTRON_RUN_AS_NODE: "1",
      BERTH_DAEMON_IDLE_MS: "5",
      _: "/usr/bin/code",
      UNSET: undefined,
    }),
  ).toEqual({ ANTHROPIC_API_KEY: "k", HTTPS_PROXY: "http://proxy:3128", PATH: "/usr/bin" });
});
