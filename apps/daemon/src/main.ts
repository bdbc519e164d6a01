import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { resolveBerthHome } from "@berth/protocol";
import { enableTimings, mark } from "@berth/protocol/timings";
import { PROCESS_ENV_KEYS_READ_BY_SDKS } from "@berth/providers";
import { startDaemon } from "./daemon";
import { relaunchWithCleanEnvironment, stopWithSupervisor } from "./lifecycle/clean-env";
import { DaemonAlreadyRunningError } from "./lifecycle/lock";
import { startMetricsSampler } from "./lifecycle/metrics-sampler";
import { parseReadyFd, signalReady } from "./lifecycle/ready-signal";

const HELP = `berth-daemon: the per-user Berth daemon (normally started by \`berth\`).

Usage: berth-daemon [--home DIR] [--idle-timeout-ms N] [--tcp-port N]

  --home DIR            Berth home (default: $BERTH_HOME or ~/.berth)
  --idle-timeout-ms N   exit after N ms with no clients and no running turns
                        (default: $BERTH_DAEMON_IDLE_MS or 1800000; 0 = never)
  --tcp-port N          also listen on 127.0.0.1:N (0 = any free port)
  --ready-fd N          write "ready" to this inherited descriptor once serving, then close it
  --prewarm             after signalling ready, load what the first session needs (the
                        client passes it when it starts the daemon to open a session)
`;

async function main(): Promise<void> {
  // BERTH_DAEMON_TIMINGS=<file> (allowlisted): marks for scripts/bench/startup.bench.mjs.
  enableTimings("daemon", process.env.BERTH_DAEMON_TIMINGS, appendFileSync);
  const { values } = parseArgs({
    options: {
      home: { type: "string" },
      "idle-timeout-ms": { type: "string" },
      "tcp-port": { type: "string" },
      "ready-fd": { type: "string" },
      prewarm: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (relaunchWithCleanEnvironment()) return;
  const home = values.home ?? resolveBerthHome(process.env);
  // The SDKs also read some variables from the process environment. The daemon serves
  // many sessions, each with its own environment, so whatever the starting terminal had
  // must not leak into other sessions' requests.
  for (const key of PROCESS_ENV_KEYS_READ_BY_SDKS) delete process.env[key];
  const idle = Number(values["idle-timeout-ms"] ?? process.env.BERTH_DAEMON_IDLE_MS ?? 30 * 60_000);
  const tcpPort = values["tcp-port"] !== undefined ? Number(values["tcp-port"]) : undefined;
  if (!Number.isFinite(idle) || idle < 0) throw new Error("--idle-timeout-ms must be a non-negative number");
  const readyFd = values["ready-fd"] !== undefined ? parseReadyFd(values["ready-fd"]) : undefined;
  startMetricsSampler(process.env);
  const daemon = await startDaemon({
    home,
    idleTimeoutMs: idle,
    ...(tcpPort !== undefined && Number.isInteger(tcpPort) ? { tcpPort } : {}),
  });
  mark("daemon.ready");
  if (readyFd !== undefined) signalReady(readyFd);
  if (values.prewarm) setImmediate(() => void daemon.prewarm());
  const stop = (signal: string) => {
    void daemon.shutdown(signal).then(() => process.exit(0));
    // A second signal, or a shutdown stuck past 10 s, exits anyway.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  stopWithSupervisor(() => stop("supervisor exited"));
  process.on("uncaughtException", (error) => {
    process.stderr.write(`berth-daemon: unexpected error: ${error.stack ?? error}\n`);
  });
  process.on("unhandledRejection", (error) => {
    process.stderr.write(`berth-daemon: unhandled rejection: ${(error as Error)?.stack ?? error}\n`);
  });
  await daemon.stopped;
  process.exit(0);
}

main().catch((error) => {
  if (error instanceof DaemonAlreadyRunningError) {
    process.stderr.write(`berth-daemon: ${error.message}\n`);
    process.exit(3);
  }
  process.stderr.write(`berth-daemon: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
