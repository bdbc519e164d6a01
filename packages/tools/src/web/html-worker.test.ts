import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { waitFor } from "@berth/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { HtmlWorker } from "./html-worker.js";

// A stand-in converter with the same message protocol as html-convert.ts, as plain JavaScript
// (Node 20 cannot start a worker from TypeScript): "hang" never answers, "crash" exits, "boom"
// fails, anything else is echoed upper-cased.
const dir = mkdtempSync(join(tmpdir(), "berth-html-worker-"));
const entry = join(dir, "converter.mjs");
writeFileSync(
  entry,
  `import { parentPort, workerData } from "node:worker_threads";
if (workerData?.mark) parentPort.on("message", ({ id, html }) => {
  if (html === "hang") return;
  if (html === "crash") process.exit(7);
  if (html === "boom") return parentPort.postMessage({ id, ok: false, message: "boom" });
  parentPort.postMessage({ id, ok: true, title: "t", markdown: html.toUpperCase() });
});`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("HtmlWorker", () => {
  it("converts in a worker thread and stops it once idle", async () => {
    const worker = new HtmlWorker(pathToFileURL(entry), "mark", { idleStopMs: 50 });
    const pages = await Promise.all([worker.convert("a"), worker.convert("b")]);
    expect(pages.map((p) => p.markdown)).toEqual(["A", "B"]);
    await waitFor(() => !worker.running, { timeoutMs: 5_000, description: "the idle worker to stop" });
    expect((await worker.convert("again")).markdown).toBe("AGAIN");
  });

  it("fails a page that takes too long, and the next page gets a fresh worker", async () => {
    const worker = new HtmlWorker(pathToFileURL(entry), "mark", { timeoutMs: 200 });
    await expect(worker.convert("hang")).rejects.toThrow(/took longer than 0.2 s/);
    expect(worker.running).toBe(false);
    expect((await worker.convert("ok")).markdown).toBe("OK");
  });

  it("reports a converter error and a crashed worker without taking the caller down", async () => {
    const worker = new HtmlWorker(pathToFileURL(entry), "mark");
    await expect(worker.convert("boom")).rejects.toThrow("boom");
    await expect(worker.convert("crash")).rejects.toThrow(/stopped \(exit code 7\)/);
    expect((await worker.convert("x")).markdown).toBe("X");
  });
});
