// PID 1 of a fresh pid namespace (`unshare -fp --mount-proc node non-reaping-init.mjs ...`), like a
// container whose PID 1 is `node`: it reaps its own children (libuv waits for what it spawned) but
// never the orphans re-parented to it, so a daemon killed with -9 stays a zombie.
// Usage: node non-reaping-init.mjs <berth.js> ; BERTH_HOME etc. come from the environment.
// Prints one JSON line with what it saw.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const cli = process.argv[2];
const berth = (...args) => {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 40_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};
const stateOf = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return "gone";
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const report = { pid1: process.pid };
report.firstStart = berth("daemon", "start");
const first = JSON.parse(berth("daemon", "status", "--json").stdout);
report.firstPid = first.pid;
process.kill(first.pid, "SIGKILL");
for (let i = 0; i < 100 && stateOf(first.pid) !== "Z"; i++) await sleep(50);
report.stateAfterKill = stateOf(first.pid);
report.statusWhileZombie = berth("daemon", "status", "--json");
report.restart = berth("daemon", "start");
const second = JSON.parse(berth("daemon", "status", "--json").stdout || "{}");
report.secondPid = second.pid;
report.firstStillZombie = stateOf(first.pid) === "Z";
report.stop = berth("daemon", "stop");
process.stdout.write(`${JSON.stringify(report)}\n`);
// Leaving PID 1 ends the namespace: the kernel kills and reaps everything left in it.
process.exit(0);
