import type { BerthConnection } from "@berth/client";
import { style } from "./style";

/**
 * The first time Berth runs in a folder, the user decides whether its project files may
 * act (settings env, apiKeyHelper, hooks, MCP servers, allow rules). Until then only their
 * deny and ask rules apply.
 */
export async function confirmTrust(conn: BerthConnection, cwd: string): Promise<boolean> {
  const state = await conn.request("trust/get", { cwd });
  if (state.trusted) return true;
  process.stdout.write(
    [
      style.yellow(`Do you trust the files in ${state.folder}?`),
      "Berth may read files here, and this folder's .claude/settings.json, .mcp.json and CLAUDE.md",
      "can configure commands, environment variables and tools. Only trust folders you know.",
      `${style.bold("[y]")} trust this folder  ${style.bold("[n]")} continue without trusting (project settings stay inactive)`,
      "",
    ].join("\n"),
  );
  const answer = await readKey(["y", "n", "\u0003"]);
  if (answer === "\u0003") process.exit(130);
  const trusted = answer === "y";
  if (trusted) await conn.request("trust/set", { cwd, trusted: true });
  process.stdout.write(trusted ? style.green("Trusted.\n") : style.dim("Continuing without trust.\n"));
  return trusted;
}

/** One key press from the terminal, among `accepted` (lower-cased). */
export function readKey(accepted: string[]): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const wasRaw = stdin.isRaw;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    const onData = (data: Buffer) => {
      const key = data.toString("utf8").toLowerCase();
      if (!accepted.includes(key)) return;
      stdin.off("data", onData);
      if (stdin.isTTY) stdin.setRawMode(wasRaw);
      stdin.pause();
      resolve(key);
    };
    stdin.on("data", onData);
  });
}
