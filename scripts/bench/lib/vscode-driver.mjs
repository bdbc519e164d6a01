// The VS Code extension's controllers and the test kit's fake model, for scripts/bench/vscode.bench.mjs
// (bundled by bundle-driver.mjs: these import TypeScript workspace sources).
export { BerthConnection, SessionView } from "../../../packages/client/src/index.ts";
export { berthPaths } from "../../../packages/protocol/src/index.ts";
export { startFakeAnthropic, text, turn } from "../../../packages/testkit/src/index.ts";
export {
  DaemonLink,
  PanelController,
  SessionListController,
  webviewHtml,
} from "../../../apps/vscode/src/index.ts";

/** The editor for a benchmark: answers nothing, records nothing (the controllers' own cost only). */
export function quietHost(folder, env) {
  return {
    workspaceFolder: () => folder,
    isWorkspaceTrusted: () => true,
    sessionEnv: () => env,
    info() {},
    error() {},
    modal: async (_m, _d, buttons) => buttons[0],
    choose: () => ({ result: new Promise(() => {}), cancel() {} }),
    showDiff: async () => () => {},
    openDocument: async () => {},
    setStatus() {},
    pickFile: async () => undefined,
  };
}
