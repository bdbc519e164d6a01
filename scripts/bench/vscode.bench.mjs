#!/usr/bin/env node
// The VS Code extension: (1) activation — loading the extension bundle and the controllers'
// first connect + session list against a running daemon, against a bare client's connect + list;
// (2) opening the chat panel on a 1,000-message session until the first message is drawn in
// headless Chromium, against a 10-message session; (3) the webview's JS heap with that session
// open (CDP, after a GC), against an empty panel. Skips with a reason when chromium is missing.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadDriver } from "./lib/bundle-driver.mjs";
import {
  benchSessionEnv,
  DAEMON,
  makeWorld,
  median,
  report,
  requireBuilt,
  ROOT,
  round,
} from "./lib/common.mjs";

// Loads the extension bundle with a stand-in `vscode` module (nothing is called at load time)
// and prints the milliseconds the require took.
const LOAD_BUNDLE = `
const Module = require("module");
const orig = Module._load;
Module._load = function (request, ...rest) { return request === "vscode" ? {} : orig.call(this, request, ...rest); };
const t = performance.now();
require(process.argv[1]);
console.log(performance.now() - t);
`;

requireBuilt();
const dist = join(ROOT, "apps/vscode/dist");
spawnSync(process.execPath, [join(ROOT, "apps/vscode/build.mjs")], { stdio: "inherit" });
const { driver: d, dispose } = await loadDriver("scripts/bench/lib/vscode-driver.mjs", {
  nodePaths: ["apps/vscode/node_modules", "packages/client/node_modules"],
});
const world = makeWorld("berth-bench-vscode-");
const fake = await d.startFakeAnthropic();
const env = benchSessionEnv(world, fake.url);
const host = d.quietHost(world.project, env);
const linkOptions = { home: world.home, daemonEntry: DAEMON, daemonEnv: { ...world.env, ...env } };
const results = {};
try {
  // Start the daemon once (not measured) and trust the folder.
  const first = new d.DaemonLink(linkOptions);
  await (await first.get()).request("trust/set", { cwd: world.project, trusted: true });

  // 1. Activation.
  const bundleLoad = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(process.execPath, ["-e", LOAD_BUNDLE, join(dist, "extension.js")], {
      encoding: "utf8",
    });
    const ms = Number.parseFloat(r.stdout.trim());
    if (!Number.isFinite(ms)) throw new Error(`loading the extension bundle failed:\n${r.stderr}`);
    bundleLoad.push(ms);
  }
  const activate = [];
  const bare = [];
  const token = () => readFileSync(d.berthPaths(world.home).token, "utf8").trim();
  for (let i = 0; i < 15; i++) {
    let t = performance.now();
    const link = new d.DaemonLink(linkOptions);
    await new d.SessionListController(link, host).items();
    activate.push(performance.now() - t);
    await link.dispose();
    t = performance.now();
    const conn = await d.BerthConnection.open({
      endpoint: { kind: "unix", socketPath: d.berthPaths(world.home).socket },
      token: token(),
      clientInfo: { name: "bench", version: "0" },
    });
    await conn.request("session/list", { cwd: world.project, limit: 100 });
    bare.push(performance.now() - t);
    await conn.close();
  }
  results.bundleLoadMs = round(median(bundleLoad));
  results.activationMs = round(median(activate));
  results.bareClientConnectListMs = round(median(bare));
  console.log(`extension bundle load (require, fresh node): ${results.bundleLoadMs} ms median of 5`);
  console.log(
    `controller activation (link connect + sessions list): ${results.activationMs} ms; baseline bare client connect + list: ${results.bareClientConnectListMs} ms`,
  );

  // Sessions to open: 1,000 messages (500 turns) and 10 messages (5 turns).
  const list = new d.SessionListController(first, host);
  const makeSession = async (turns) => {
    const session = await list.create();
    const view = new d.SessionView(await first.get(), session.id);
    let done = 0;
    view.on("event", (n) => {
      if (n.event.type === "turn_completed") done++;
    });
    await view.attach(0);
    for (let i = 0; i < turns; i++) {
      fake.enqueue(
        d.turn(
          d.text(
            `Answer ${i}: **bold**, \`code\` and a list:\n\n- one\n- two\n\n\`\`\`ts\nconst x${i} = ${i};\n\`\`\``,
          ),
        ),
      );
      await view.send(`question ${i}`);
      while (done <= i) await new Promise((r) => setTimeout(r, 2));
    }
    await view.detach();
    return session;
  };
  const seedStart = performance.now();
  const big = await makeSession(500);
  const small = await makeSession(5);
  console.log(`(seeded 510 turns through the daemon in ${round((performance.now() - seedStart) / 1000)} s)`);

  if (!existsSync("/usr/bin/chromium")) {
    console.log("skipped the webview figures: /usr/bin/chromium is missing (apt-get install -y chromium)");
  } else {
    const { chromium } = await import(join(ROOT, "apps/vscode/node_modules/playwright-core/index.mjs"));
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--headless", "--disable-gpu"],
    });
    const server = await serve();
    const open = async (session) => {
      const page = await browser.newPage();
      let deliver;
      const early = [];
      await page.exposeBinding("__berthPost", () => {});
      await page.addInitScript(() => {
        globalThis.acquireVsCodeApi = () => ({
          postMessage: (m) => globalThis.__berthPost(m),
          setState() {},
        });
      });
      const t0 = performance.now();
      let attachMs = 0;
      const [panel] = await Promise.all([
        d.PanelController.open(first, host, session).then((p) => {
          attachMs = performance.now() - t0;
          return p;
        }),
        page.goto(server.url),
      ]);
      deliver = (m) => page.evaluate((x) => window.postMessage(x, "*"), m);
      for (const m of early) await deliver(m);
      const sending = (async () => {
        for (const m of panel.snapshot()) await deliver(m);
      })();
      await page.waitForSelector(".msg");
      const firstMs = performance.now() - t0;
      await sending;
      await page.waitForFunction(
        (n) => document.querySelectorAll(".msg").length >= n,
        session === big ? 1000 : 10,
      );
      const allMs = performance.now() - t0;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      await cdp.send("Performance.enable");
      const { metrics } = await cdp.send("Performance.getMetrics");
      const heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
      const nodes = metrics.find((m) => m.name === "Nodes").value;
      await panel.dispose();
      await page.close();
      return { firstMs, allMs, attachMs, heapMiB: heap / 1024 / 1024, nodes, events: panel.events.length };
    };
    const runs = { big: [], small: [] };
    for (let i = 0; i < 3; i++) {
      runs.small.push(await open(small));
      runs.big.push(await open(big));
    }
    const med = (k, key) => round(median(runs[k].map((r) => r[key])));
    results.panelFirstMessage1000Ms = med("big", "firstMs");
    results.panelAllDrawn1000Ms = med("big", "allMs");
    results.panelFirstMessage10Ms = med("small", "firstMs");
    results.panelAttach1000Ms = med("big", "attachMs");
    results.webviewHeap1000MiB = med("big", "heapMiB");
    results.webviewHeap10MiB = med("small", "heapMiB");
    console.log(
      `panel open → first message drawn, 1,000-message session (${runs.big[0].events} events): ${results.panelFirstMessage1000Ms} ms (all drawn: ${results.panelAllDrawn1000Ms} ms); baseline 10-message session: ${results.panelFirstMessage10Ms} ms`,
    );
    console.log(
      `webview JS heap after GC with the 1,000-message session open: ${results.webviewHeap1000MiB} MiB (${runs.big[0].nodes} DOM nodes); baseline 10-message session: ${results.webviewHeap10MiB} MiB`,
    );
    await server.close();
    await browser.close();
  }
  await first.dispose();
} finally {
  await fake.close();
  await world.dispose();
  dispose();
}
report({ bench: "vscode", ...results });

async function serve() {
  let origin = "";
  const srv = createServer((req, res) => {
    const file = { "/webview.js": "webview.js", "/chat.css": "chat.css" }[req.url ?? ""];
    if (file) {
      res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/css" });
      return res.end(readFileSync(join(dist, file)));
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      d.webviewHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/chat.css` }),
    );
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${srv.address().port}`;
  return {
    url: `${origin}/`,
    close: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}
