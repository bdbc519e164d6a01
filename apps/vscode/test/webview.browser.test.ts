// The chat webview in real headless Chromium (Debian's), driven by playwright-core: a recorded
// session rendered from a real daemon's events, and a permission question answered by a click
// that travels webview → controller → daemon.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolUse, turn, waitFor } from "@berth/testkit";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PanelController } from "../src/panel";
import { SessionListController } from "../src/session-list";
import { hasChromium, launchChromium, openWebview, serveWebview } from "./support/browser";
import { buildWebview, makeWorld, waitForEvent, type World } from "./support/world";

let browser: Browser;
let server: Awaited<ReturnType<typeof serveWebview>>;
let world: World;
let panel: PanelController;

describe.skipIf(!hasChromium)("chat webview in Chromium", () => {
  beforeAll(async () => {
    buildWebview();
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    world = await makeWorld();
    server = await serveWebview();
    world.host.modalAnswers = ["Trust folder"];
    panel = await PanelController.open(
      world.link,
      world.host,
      await new SessionListController(world.link, world.host).create(),
    );
  }, 30_000);
  afterEach(async () => {
    await panel?.dispose();
    await server?.close();
    await world?.cleanup();
  }, 20_000);

  it("renders a recorded session: Markdown safely, tool calls collapsed with their results", async () => {
    world.fake.enqueue(
      turn(text("Reading it."), toolUse("Read", { file_path: join(world.project, "a.txt") })),
      turn(
        text(
          '# Result\n\nThe file is **missing**. <img src=x onerror="window.__pwned=1"> [docs](javascript:alert(1))\n\n```ts\nconst x = 1 < 2;\n```',
        ),
      ),
    );
    await panel.send("read a.txt");
    await waitForEvent(panel, "turn_completed");
    const recorded = panel.snapshot(); // what a reloaded webview receives

    const posts: unknown[] = [];
    const view = await openWebview(browser, server.url, (m) => posts.push(m));
    await waitFor(() => posts.some((m) => (m as { type: string }).type === "ready"), {
      description: "the webview's ready",
    });
    for (const m of recorded) await view.deliver(m);
    const page = view.page;
    await page.waitForSelector(".msg.assistant h1");
    expect(await page.textContent(".msg.user")).toContain("read a.txt");
    expect(await page.innerHTML(".msg.assistant >> nth=1")).toContain("<strong>missing</strong>");
    // Raw HTML is text, the javascript: link is not a link, nothing ran.
    expect(await page.textContent(".msg.assistant >> nth=1")).toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    expect(await page.locator(".msg.assistant img").count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.textContent("pre.code")).toBe("const x = 1 < 2;");
    expect(await page.textContent("pre.code .hljs-keyword")).toBe("const");
    // The Read is collapsed, with its (error) result inside.
    const tool = page.locator("details.tool");
    expect(await tool.getAttribute("open")).toBeNull();
    expect(await tool.locator(".tool-name").textContent()).toBe("Read");
    expect(await tool.locator(".tool-output").textContent()).toMatch(
      /does not exist|not found|No such file/i,
    );
    expect(await page.textContent("#status")).toBe("idle");
    expect(await page.textContent("#mode")).toBe("default");
    // The state VS Code keeps across a window reload: the session and the last event drawn.
    expect(await page.evaluate(() => (window as unknown as { __berthState: unknown }).__berthState)).toEqual({
      sessionId: panel.sessionId,
      lastSeq: panel.lastSeq,
    });
    // The same events again (a replay) draw nothing twice.
    for (const m of recorded.slice(1)) await view.deliver(m);
    expect(await page.locator(".msg.user").count()).toBe(1);
    // The strict CSP is in force: an inline script is refused.
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    expect(csp).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+';/);
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inline = 1";
      document.body.append(s);
    });
    expect(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
    await page.close();
  }, 30_000);

  it("answers a permission question by a click; the daemon applies it and the page updates", async () => {
    const target = join(world.project, "hello.txt");
    world.fake.enqueue(
      turn(toolUse("Write", { file_path: target, content: "hello\n" })),
      turn(text("Written.")),
    );
    // The extension host's side: webview messages go to the controller, its answers come back.
    const early: unknown[] = [];
    let deliver: ((m: unknown) => Promise<void>) | undefined;
    const forward = (m: unknown) => (deliver ? deliver(m).catch(() => undefined) : early.push(m));
    const view = await openWebview(browser, server.url, async (raw) => {
      for (const m of (await panel.receive(raw)) ?? []) forward(m);
    });
    deliver = view.deliver;
    for (const m of early.splice(0)) forward(m);
    panel.onMessage(forward);
    const page = view.page;
    page.setDefaultTimeout(8000);
    await page.waitForSelector("#status:text('idle')").catch(async (e) => {
      throw new Error(`${e}\n${await page.content()}\n${JSON.stringify(early)}`);
    });
    // An @-mention: typing @ asks the host for a file, which lands after the @.
    world.host.pickedFile = "docs/notes.md";
    await page.click("#input");
    await page.keyboard.type("write hello like @");
    await page.waitForFunction(() =>
      (document.getElementById("input") as HTMLTextAreaElement).value.endsWith("@docs/notes.md "),
    );
    expect(world.host.of("pickFile")).toHaveLength(1);
    await page.fill("#input", "write hello");
    await page.press("#input", "Enter");
    await page.waitForSelector(".permission button[data-answer='allow_once']");
    expect(await page.textContent(".permission .q-title")).toBe("Permission needed: Write");
    await page.click(".permission button[data-answer='allow_once']");
    await page.waitForSelector(".permission.resolved");
    expect(await page.textContent(".permission .verdict")).toBe("✓ allowed");
    await page.locator(".msg.assistant", { hasText: "Written." }).waitFor();
    expect(existsSync(target) && readFileSync(target, "utf8")).toBe("hello\n");
    // The native question the controller opened at the same time was withdrawn.
    expect(world.host.choices[0]?.cancelled).toBe(true);
    expect(view.violations).toEqual([]);
    await page.close();
  }, 30_000);
});
