import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { webviewHtml } from "../../src/webview-html";
import { WEBVIEW_DIST } from "./world";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  process.stderr.write(
    `warning: ${CHROMIUM} is missing, so the webview browser tests are skipped (apt-get install -y chromium)\n`,
  );

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless", "--disable-gpu"] });
}

/**
 * Serves the chat webview as VS Code would: the same HTML and CSP (the page's origin stands in
 * for the webview's cspSource), the bundled script and the stylesheet. Nothing else is served.
 */
export async function serveWebview(): Promise<{ url: string; close(): Promise<void> }> {
  let origin = "";
  const server: Server = createServer((req, res) => {
    const file = { "/webview.js": "webview.js", "/chat.css": "chat.css" }[req.url ?? ""];
    if (file) {
      res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/css" });
      res.end(readFileSync(join(WEBVIEW_DIST, file)));
      return;
    }
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        webviewHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/chat.css` }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Opens the webview in a page whose `acquireVsCodeApi` hands each posted message to `onPost`
 * (the extension host's side); `deliver` posts a message into the page as the host would.
 */
export async function openWebview(
  browser: Browser,
  url: string,
  onPost: (message: unknown) => void,
): Promise<{ page: Page; deliver(message: unknown): Promise<void>; violations: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeBinding("__berthPost", (_source, message: unknown) => onPost(message));
  await page.addInitScript(() => {
    (globalThis as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
      postMessage: (m: unknown) =>
        (globalThis as unknown as { __berthPost: (m: unknown) => void }).__berthPost(m),
      setState: (s: unknown) => {
        (globalThis as unknown as { __berthState: unknown }).__berthState = s;
      },
    });
  });
  await page.goto(url);
  return {
    page,
    violations,
    deliver: (message) => page.evaluate((m) => window.postMessage(m, "*"), message),
  };
}
