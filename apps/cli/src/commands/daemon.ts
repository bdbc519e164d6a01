import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureDaemon, inspectDaemon, processState } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { berthHome, CLIENT_INFO, connectIfRunning, daemonEntry } from "../connect";

export async function daemonStart(): Promise<number> {
  const conn = await ensureDaemon({ home: berthHome(), clientInfo: CLIENT_INFO, daemonEntry: daemonEntry() });
  const status = await conn.request("daemon/status", {});
  process.stdout.write(`Berth daemon running (pid ${status.pid}, home ${status.home}).\n`);
  await conn.close();
  return 0;
}

export async function daemonStop(): Promise<number> {
  const conn = await connectIfRunning();
  if (!conn) {
    process.stdout.write("The Berth daemon is not running.\n");
    return 0;
  }
  const { pid } = await conn.request("daemon/status", {});
  await conn.request("daemon/shutdown", {});
  await conn.close();
  const deadline = Date.now() + 10_000;
  // Not our child, so no exit event to wait on: a cheap /proc read every 10 ms ends the command
  // within 10 ms of the daemon's exit (50 ms steps cost `berth daemon stop` 25 ms on average).
  while (Date.now() < deadline && isAlive(pid)) await new Promise((r) => setTimeout(r, 10));
  process.stdout.write(
    isAlive(pid) ? `Daemon ${pid} is still stopping.\n` : `Stopped the Berth daemon (pid ${pid}).\n`,
  );
  return 0;
}

/** A stopped daemon nobody reaps stays a zombie: it holds nothing, so it counts as stopped. */
function isAlive(pid: number): boolean {
  return processState(pid) === "running";
}

export async function daemonStatus(json: boolean): Promise<number> {
  const conn = await connectIfRunning();
  if (!conn) {
    // Not running is normal; a leftover lock, a zombie or a reused pid is worth saying.
    const found = await inspectDaemon(berthHome());
    process.stdout.write(
      json
        ? `${JSON.stringify({ running: false, ...(found.odd ? { found } : {}) })}\n`
        : `The Berth daemon is not running.${found.odd ? ` ${found.explanation}` : ""}\n`,
    );
    return 3;
  }
  const s = await conn.request("daemon/status", {});
  await conn.close();
  if (json) process.stdout.write(`${JSON.stringify({ running: true, ...s })}\n`);
  else
    process.stdout.write(
      [
        `Berth daemon ${s.version} (protocol ${s.protocolVersion})`,
        `  pid:       ${s.pid}`,
        `  home:      ${s.home}`,
        `  uptime:    ${Math.round(s.uptimeMs / 1000)}s`,
        `  sessions:  ${s.liveSessions} live`,
        `  clients:   ${s.clients}`,
        `  memory:    ${(s.rssBytes / 1048576).toFixed(1)} MiB RSS`,
        "",
      ].join("\n"),
    );
  return 0;
}

export async function daemonLogs(lines: number, follow = false): Promise<number> {
  const file = join(berthPaths(berthHome()).logsDir, "daemon.log");
  if (!existsSync(file) && !follow) {
    process.stdout.write(`No daemon log yet (${file}).\n`);
    return 0;
  }
  const text = existsSync(file) ? readFileSync(file, "utf8").trimEnd() : "";
  if (text) process.stdout.write(`${text.split("\n").slice(-lines).join("\n")}\n`);
  if (!follow) return 0;
  await followFile(file, Buffer.byteLength(text ? `${text}\n` : ""));
  return 0;
}

/** Prints what is appended to `file` until interrupted; starts over when it is truncated or replaced. */
function followFile(file: string, from: number): Promise<void> {
  let offset = from;
  return new Promise((resolveDone) => {
    const poll = () => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return; // not there (yet): the daemon creates it
      }
      if (size < offset) offset = 0;
      if (size === offset) return;
      const fd = openSync(file, "r");
      try {
        const buf = Buffer.alloc(size - offset);
        readSync(fd, buf, 0, buf.length, offset);
        offset = size;
        process.stdout.write(buf);
      } finally {
        closeSync(fd);
      }
    };
    const timer = setInterval(poll, 250);
    process.once("SIGINT", () => {
      clearInterval(timer);
      resolveDone();
    });
  });
}
