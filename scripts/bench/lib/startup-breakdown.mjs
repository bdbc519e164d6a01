// Turns the timing marks of one startup.bench.mjs run (the CLI's BERTH_TIMINGS file, the
// daemon's BERTH_DAEMON_TIMINGS file, the fake model's request log) into named phases in ms,
// and phases of many runs into medians. Marks carry `at` (epoch ms) so phases may span
// processes; `ms` counts from each process's own start, which gives module-load times.
import { existsSync, readFileSync } from "node:fs";
import { median, round } from "./common.mjs";

export function readJsonLines(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const span = (from, to) => (from === undefined || to === undefined ? undefined : to - from);

function finder(marks) {
  const first = (name) => marks.find((m) => m.mark === name);
  return {
    at: (name) => first(name)?.at,
    /** When the process that wrote `name` started (epoch ms). */
    start: (name) => (first(name) ? first(name).at - first(name).ms : undefined),
    ms: (name) => first(name)?.ms,
    all: (name) => marks.filter((m) => m.mark === name),
  };
}

/**
 * Phases of one `berth -p` run, in order. Rows whose marks are missing (no daemon start on a
 * warm run) are left out. `run` has the bench's own spawn and exit times.
 */
export function promptPhases({ cli, daemon, requests, run }) {
  const c = finder(cli);
  const d = finder(daemon);
  const firstRequest = requests[0]?.at;
  const lastResponse = d.all("model.response").at(-1)?.at;
  const cold = c.at("client.spawn") !== undefined;
  // The CLI entry loads the command line (and through it the command's modules) with import():
  // `cli.program` marks when that is done; a build without it counts from `cli.main`.
  const loaded = c.at("cli.program") ?? c.at("cli.main");
  const rows = [
    ["spawn → CLI process start", span(run.startAt, c.start("cli.main"))],
    ["CLI entry load (start → main)", c.ms("cli.main")],
    ["CLI command line load (main → program)", span(c.at("cli.main"), c.at("cli.program"))],
    // The CLI's entry starts the daemon before the command line loads (apps/cli/src/early-start.ts);
    // for an older build, which spawned it afterwards, this row includes the command-line load.
    ["CLI main → daemon spawned", cold ? span(c.at("cli.main"), c.at("client.spawn")) : undefined],
    ["  spawn → daemon process start", cold ? span(c.at("client.spawn"), d.start("daemon.main")) : undefined],
    ["  daemon module load", cold ? d.ms("daemon.main") : undefined],
    ["  daemon lock", cold ? span(d.at("daemon.main"), d.at("daemon.lock")) : undefined],
    ["  store open + migrate", cold ? span(d.at("daemon.lock"), d.at("daemon.store")) : undefined],
    ["  store → listening", cold ? span(d.at("daemon.store"), d.at("daemon.listening")) : undefined],
    ["  listening → ready", cold ? span(d.at("daemon.listening"), d.at("daemon.ready")) : undefined],
    [
      "  ready → CLI notices (ready pipe)",
      cold ? span(d.at("daemon.ready"), c.at("client.daemon-up")) : undefined,
    ],
    ["connect (WebSocket open)", span(cold ? c.at("client.daemon-up") : loaded, c.at("client.ws-open"))],
    ["initialize", span(c.at("client.ws-open"), c.at("client.initialized"))],
    ["session/create (client view)", span(c.at("client.initialized"), c.at("cli.session-created"))],
    ["  settings + trust", span(d.at("session.prepare"), d.at("session.settings"))],
    ["  model client + credentials", span(d.at("session.settings"), d.at("session.model-client"))],
    ["  tools + MCP", span(d.at("session.model-client"), d.at("session.tools+mcp"))],
    ["  policy (shell grammar)", span(d.at("session.tools+mcp"), d.at("session.policy"))],
    ["  telemetry", span(d.at("session.policy"), d.at("session.telemetry"))],
    ["  store row, live session, reply", span(d.at("session.telemetry"), c.at("cli.session-created"))],
    ["attach + send → model request", span(c.at("cli.session-created"), d.at("model.request"))],
    ["SDK request → fake model receives it", span(d.at("model.request"), firstRequest)],
    ["turn (first request → last response)", span(firstRequest, lastResponse)],
    ["last response → CLI sees turn end", span(lastResponse, c.at("cli.turn-end"))],
    ["print + close session and connection", span(c.at("cli.turn-end"), c.at("cli.closed"))],
    ["closed → process exit", span(c.at("cli.closed"), c.at("cli.exit"))],
    ["exit → reaped by the bench", span(c.at("cli.exit"), run.exitAt)],
    ["= start → first model request", span(run.startAt, firstRequest)],
  ];
  return rows.filter(([, ms]) => ms !== undefined);
}

/**
 * Per tool step of a multi-step turn, from the daemon's marks and the fake's request log:
 * step k runs tool call k and ends when the fake receives request k+1.
 */
export function stepPhases({ daemon, requests }) {
  const d = finder(daemon);
  const [starts, permitted, executed, reported, sent, responses] = [
    "tool.start",
    "tool.permitted",
    "tool.executed",
    "tool.reported",
    "model.request",
    "model.response",
  ].map((name) => d.all(name));
  const steps = [];
  for (let k = 0; k < starts.length; k++) {
    steps.push({
      name: starts[k].detail,
      rows: [
        ["model response → tool starts", span(responses[k]?.at, starts[k]?.at)],
        ["input checks + permission", span(starts[k]?.at, permitted[k]?.at)],
        ["tool runs", span(permitted[k]?.at, executed[k]?.at)],
        ["result committed + sent", span(executed[k]?.at, reported[k]?.at)],
        ["→ next model request", span(reported[k]?.at, sent[k + 1]?.at)],
        ["SDK request → fake receives it", span(sent[k + 1]?.at, requests[k + 1]?.at)],
        ["model stream → response parsed", span(requests[k + 1]?.at, responses[k + 1]?.at)],
        ["= whole step (request k → k+1 at the fake)", span(requests[k]?.at, requests[k + 1]?.at)],
      ].filter(([, ms]) => ms !== undefined),
    });
  }
  return steps;
}

/** Step intervals as the fake model saw them (any client): request k → request k+1. */
export function requestIntervals(requests) {
  return requests.slice(1).map((r, k) => r.at - requests[k].at);
}

/** Medians per row name over many runs' rows, in first-seen order. */
export function medianRows(runs) {
  const byName = new Map();
  for (const rows of runs) {
    for (const [name, ms] of rows) {
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push(ms);
    }
  }
  return [...byName].map(([name, values]) => [name, round(median(values), 2)]);
}
