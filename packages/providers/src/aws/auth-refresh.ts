// awsAuthRefresh (reference §1.4): a command that refreshes ~/.aws (e.g. `aws sso login`),
// run when AWS credentials cannot be resolved or have expired. Its output is meant for the
// user (device codes, URLs), so it goes to a callback rather than into a log. One run at a time.
import type { Env } from "../env.js";
import { runShellCommand } from "../run-command.js";
import { awsCommandError } from "./credential-export.js";

// `aws sso login` waits for the user to finish in the browser.
const TIMEOUT_MS = 5 * 60 * 1000;

export class AwsAuthRefresh {
  readonly command: string;
  readonly #cwd: string;
  readonly #env: Env;
  readonly #onOutput: ((text: string) => void) | undefined;
  #inflight: Promise<void> | undefined;
  #runs = 0;

  constructor(options: {
    command: string;
    cwd: string;
    env: Env;
    onOutput?: ((text: string) => void) | undefined;
  }) {
    this.command = options.command;
    this.#cwd = options.cwd;
    this.#env = options.env;
    this.#onOutput = options.onOutput;
  }

  get runCount(): number {
    return this.#runs;
  }

  run(): Promise<void> {
    this.#inflight ??= this.#run().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #run(): Promise<void> {
    this.#runs++;
    const result = await runShellCommand(this.command, {
      cwd: this.#cwd,
      env: this.#env,
      timeoutMs: TIMEOUT_MS,
    });
    const output = `${result.stdout}${result.stderr}`.trim();
    if (output) this.#onOutput?.(output);
    const fail = (what: string) => awsCommandError("awsAuthRefresh", this.command, what);
    if (result.spawnError) throw fail("could not be started");
    if (result.timedOut) throw fail(`did not finish within ${TIMEOUT_MS} ms`);
    if (result.exitCode !== 0) throw fail(`exited with code ${result.exitCode}`);
  }
}
