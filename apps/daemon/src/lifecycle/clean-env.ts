// A daemon started by hand (`berth-daemon` in a terminal with ANTHROPIC_API_KEY exported)
// would hand that environment to every tool: the shell's parent is the daemon, and
// /proc/<pid>/environ keeps a process's initial environment for its whole life. Node 20 has
// no execve, so the process starts a clean copy of itself and only supervises it. The
// client always starts the daemon with a clean environment, so this path is for manual runs.
import { spawn } from "node:child_process";
import { daemonEnvironment, foreignDaemonVariables } from "@berth/protocol";

/** True when this process started a clean daemon and must only wait for it. */
export function relaunchWithCleanEnvironment(): boolean {
  const foreign = foreignDaemonVariables(process.env);
  if (foreign.length === 0) return false;
  process.stderr.write(
    `berth-daemon: not keeping ${foreign.length} inherited variable(s) outside the allowlist ` +
      "(credentials belong to sessions); restarting with a minimal environment.\n",
  );
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: supervisedStdio(process.argv),
    env: daemonEnvironment(process.env),
  });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

/** In a supervised daemon: calls `stop` when the supervisor goes away. */
export function stopWithSupervisor(stop: () => void): void {
  if (!process.send) return;
  process.once("disconnect", stop);
  // The channel must not keep the daemon alive on its own (idle exit still works).
  process.channel?.unref();
}

/**
 * The clean copy keeps stdin/stdout/stderr and the readiness pipe its starter is waiting on
 * (`--ready-fd N`, passed on as the same descriptor), plus an IPC channel after them that lets it
 * notice when this supervisor dies (kill -9).
 */
export function supervisedStdio(argv: readonly string[]): Array<"inherit" | "ignore" | "ipc" | number> {
  const stdio: Array<"inherit" | "ignore" | "ipc" | number> = ["inherit", "inherit", "inherit"];
  const at = argv.indexOf("--ready-fd");
  const inline = argv.find((a) => a.startsWith("--ready-fd="));
  const fd = Number(inline ? inline.slice("--ready-fd=".length) : at >= 0 ? argv[at + 1] : Number.NaN);
  if (Number.isInteger(fd) && fd >= 3 && fd < 64) {
    while (stdio.length < fd) stdio.push("ignore");
    stdio[fd] = fd;
  }
  stdio.push("ipc");
  return stdio;
}
