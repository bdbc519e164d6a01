// One worker thread converts fetched HTML pages (html-convert.ts), started with the first page
// and stopped after a minute without any, so an idle daemon holds no DOM libraries. A page that
// takes too long or too much memory ends the worker, not the daemon: the fetch fails with a
// message and the next page gets a fresh worker.
import { Worker } from "node:worker_threads";
import type { ConvertReply } from "./html-convert.js";

export interface HtmlWorkerOptions {
  /** Longer than any sane page needs; a pathological one must not hold WebFetch forever. */
  timeoutMs?: number;
  /** The worker (and the DOM libraries in it) goes after this long without pages. */
  idleStopMs?: number;
}
/** Pages are at most 10 MB; their DOM fits well within this. */
const WORKER_HEAP_MB = 512;

interface Job {
  resolve: (page: { title: string; markdown: string }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class HtmlWorker {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  /** `entry` and `mark` come from the converter module itself, so nothing here loads it. */
  private readonly timeoutMs: number;
  private readonly idleStopMs: number;

  constructor(
    private readonly entry: URL,
    private readonly mark: string,
    options: HtmlWorkerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.idleStopMs = options.idleStopMs ?? 60_000;
  }

  /** Whether a worker thread is running (tests, status). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  convert(html: string): Promise<{ title: string; markdown: string }> {
    const worker = this.start();
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`converting the page took longer than ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
      timer.unref();
      this.jobs.set(id, { resolve, reject, timer });
      worker.postMessage({ id, html });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, {
      workerData: { [this.mark]: true },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // A waiting conversion keeps its own timer; the worker alone never keeps the daemon up.
    worker.unref();
    worker.on("message", (reply: ConvertReply) => this.settle(reply));
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.fail(new Error(`the HTML converter stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: ConvertReply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    clearTimeout(job.timer);
    if (reply.ok) job.resolve({ title: reply.title, markdown: reply.markdown });
    else job.reject(new Error(reply.message));
    if (this.jobs.size === 0) {
      this.idleTimer = setTimeout(() => this.stop(), this.idleStopMs);
      this.idleTimer.unref();
    }
  }

  /** Fails every waiting page and drops the worker (the next page starts a new one). */
  private fail(error: Error): void {
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    this.stop();
    for (const job of jobs) {
      clearTimeout(job.timer);
      job.reject(new Error(`HTML conversion failed: ${error.message}`));
    }
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    clearTimeout(this.idleTimer);
    void worker?.terminate();
  }
}
