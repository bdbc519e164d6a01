// awsCredentialExport (reference §1.4): a command printing AWS credentials as JSON, either
// {"Credentials":{"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}} (STS shape) or
// the flat `aws configure export-credentials` shape. Its output is captured silently. The
// result is cached until shortly before it expires; one run at a time.
import type { Env } from "../env.js";
import { ProviderError } from "../errors.js";
import { redactSecrets } from "../redact.js";
import { runShellCommand } from "../run-command.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Re-run this long before the stated expiry, so a request never signs with a dying key. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
/** Without a stated expiry, re-run after this long. */
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000;
const TIMEOUT_MS = 60_000;

export function awsCommandError(
  setting: string,
  command: string,
  what: string,
  cause?: unknown,
): ProviderError {
  return new ProviderError(
    "PROVIDER_AWS_CREDENTIALS_FAILED",
    `${setting} \`${redactSecrets(command)}\` ${what}. Run it yourself in the project folder to see why.`,
    { cause },
  );
}

/** Parses either output shape; undefined when neither fits. */
export function parseAwsCredentialJson(text: string): AwsCredentials | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const outer = parsed as Record<string, unknown>;
  const inner = (
    typeof outer.Credentials === "object" && outer.Credentials !== null ? outer.Credentials : outer
  ) as Record<string, unknown>;
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = inner;
  if (
    typeof AccessKeyId !== "string" ||
    typeof SecretAccessKey !== "string" ||
    !AccessKeyId ||
    !SecretAccessKey
  ) {
    return undefined;
  }
  const expiration = typeof Expiration === "string" ? new Date(Expiration) : undefined;
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof SessionToken === "string" && SessionToken ? { sessionToken: SessionToken } : {}),
    ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
  };
}

export class AwsCredentialExport {
  readonly command: string;
  readonly #cwd: string;
  readonly #env: Env;
  readonly #now: () => number;
  #cached: { credentials: AwsCredentials; refreshAt: number } | undefined;
  #inflight: Promise<AwsCredentials> | undefined;

  constructor(options: { command: string; cwd: string; env: Env; now?: () => number }) {
    this.command = options.command;
    this.#cwd = options.cwd;
    this.#env = options.env;
    this.#now = options.now ?? Date.now;
  }

  peek(): AwsCredentials | undefined {
    return this.#cached?.credentials;
  }

  get(): Promise<AwsCredentials> {
    if (this.#cached && this.#now() < this.#cached.refreshAt)
      return Promise.resolve(this.#cached.credentials);
    this.#inflight ??= this.#run().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  async #run(): Promise<AwsCredentials> {
    const result = await runShellCommand(this.command, {
      cwd: this.#cwd,
      env: this.#env,
      timeoutMs: TIMEOUT_MS,
    });
    const fail = (what: string) => awsCommandError("awsCredentialExport", this.command, what);
    if (result.spawnError) throw fail("could not be started");
    if (result.timedOut) throw fail(`did not finish within ${TIMEOUT_MS} ms`);
    if (result.exitCode !== 0) throw fail(`exited with code ${result.exitCode}`);
    const credentials = parseAwsCredentialJson(result.stdout.trim());
    if (!credentials) {
      throw fail(
        'did not print JSON with AccessKeyId and SecretAccessKey (as {"Credentials":{...}} or flat)',
      );
    }
    const expiresAt = credentials.expiration?.getTime() ?? this.#now() + DEFAULT_LIFETIME_MS;
    this.#cached = { credentials, refreshAt: Math.max(this.#now(), expiresAt - EXPIRY_MARGIN_MS) };
    return credentials;
  }
}
