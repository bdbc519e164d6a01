// Issue #14 §1, end to end: with distinctive secret values in the user's environment and
// settings, run print mode with tools, apiKeyHelper rotation after a 401, a failing helper, a
// plain 401, Bedrock and Vertex pointed at the fake server; then look for the values in every
// file under the Berth home (database, WAL, logs), every request the fake model received
// (bodies and non-credential headers), every byte the CLI printed, and the initial
// environment of the daemon and of the tool shell and its parent.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { apiError, type FakeAnthropic, startFakeAnthropic, text, toolUse, turn } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daemonPid, makeSandbox, runCli, type Sandbox } from "./support/cli";
import { ensureBuilt } from "./support/paths";
import { CliTerminal } from "./support/terminal";

const CANARY = {
  ANTHROPIC_API_KEY: "sk-ant-api03-CANARYapikey-7a1b2c3d4e5f",
  ANTHROPIC_AUTH_TOKEN: "canary-auth-token-8b2c3d4e5f6a",
  GITHUB_TOKEN: "ghp_CANARYgithubtoken9c3d4e5f6a7b",
  AWS_SECRET_ACCESS_KEY: "canaryAwsSecretKey0d4e5f6a7b8c9d0e",
  AWS_SESSION_TOKEN: "canaryAwsSessionToken1e5f6a7b8c9d",
  DB_PASSWORD: "canary-db-password-2f6a7b8c9d0e",
  HELPER_FIRST: "sk-ant-CANARYhelperone-3a7b8c9d0e1f",
  HELPER_SECOND: "sk-ant-CANARYhelpertwo-4b8c9d0e1f2a",
  FAILING_HELPER: "sk-ant-CANARYfailing-5c9d0e1f2a3b",
  GATEWAY_HEADER: "canary-gateway-header-6d0e1f2a3b4c",
};
const VALUES = Object.values(CANARY);
// Headers that carry the credential to the model endpoint by design.
const CREDENTIAL_HEADERS = new Set(["x-api-key", "authorization", "x-amz-security-token", "x-gateway-key"]);

let sandbox: Sandbox;
let fake: FakeAnthropic;
const printed: string[] = [];

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox("berth-secrets-e2e-");
  fake = await startFakeAnthropic();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  return sandbox.env(fake.url, {
    ANTHROPIC_API_KEY: CANARY.ANTHROPIC_API_KEY,
    GITHUB_TOKEN: CANARY.GITHUB_TOKEN,
    DB_PASSWORD: CANARY.DB_PASSWORD,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: CANARY.AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: CANARY.AWS_SESSION_TOKEN,
    ...extra,
  });
}

async function berth(project: string, args: string[], env = userEnv()) {
  const run = await runCli(args, { cwd: project, env, timeoutMs: 60_000 });
  printed.push(run.stdout, run.stderr);
  return run;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return e.isFile() ? [path] : [];
  });
}

function hits(haystack: Buffer | string, where: string): string[] {
  const bytes = typeof haystack === "string" ? Buffer.from(haystack) : haystack;
  return VALUES.filter((v) => bytes.includes(Buffer.from(v))).map((v) => `${where}: ${v.slice(0, 12)}…`);
}

function environOf(pid: number): string {
  return readFileSync(`/proc/${pid}/environ`, "latin1");
}

/** Processes whose parent is `pid` (the daemon's shells and helpers). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of stat is the parent pid; the command name before it may hold spaces.
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function writeHelper(project: string, body: string): string {
  const path = join(project, "key-helper.sh");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  mkdirSync(join(project, ".claude"), { recursive: true });
  writeFileSync(join(project, ".claude", "settings.json"), JSON.stringify({ apiKeyHelper: path }));
  return path;
}

describe.skipIf(process.platform !== "linux")("secrets never leave the daemon", () => {
  it("print mode with tools: masked output, guarded stores, clean process environments", async () => {
    const project = sandbox.project("tools");
    writeFileSync(join(project, "leaked.txt"), `key=${CANARY.ANTHROPIC_API_KEY}\n`);
    fake.enqueue(
      turn(
        toolUse("Bash", { command: "cat leaked.txt" }, "toolu_leaked"),
        toolUse("Bash", { command: 'echo "gh=$GITHUB_TOKEN"' }, "toolu_gh"),
        toolUse("Bash", { command: "cat /proc/$PPID/environ | tr '\\0' '\\n'" }, "toolu_proc"),
        // Hidden from the guard's text search: the process environments themselves must be clean.
        toolUse(
          "Bash",
          {
            command:
              'd=/pr; cat "$d"oc/$PPID/environ > parent.env; cat "$d"oc/$$/environ > shell.env; env > env.txt',
          },
          "toolu_dump",
        ),
        toolUse("Read", { file_path: join(sandbox.home, "berth.db") }, "toolu_db"),
      ),
      turn(text("done")),
    );
    const run = await berth(project, [
      "-p",
      "show me",
      "--output-format",
      "json",
      "--permission-mode",
      "bypassPermissions",
      "--trust-workspace",
      "--add-dir",
      sandbox.root,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { permission_denials: { tool_use_id: string }[] };
    expect(result.permission_denials.map((d) => d.tool_use_id).sort()).toEqual(["toolu_db", "toolu_proc"]);

    const sent = JSON.stringify(fake.requests.at(-1)?.body?.messages?.at(-1));
    expect(sent).toContain("key=[REDACTED:ANTHROPIC_API_KEY]");
    expect(sent).toContain("gh=[REDACTED:GITHUB_TOKEN]");

    // The shell's parent is the daemon; its initial environment holds no secret.
    const parent = readFileSync(join(project, "parent.env"), "latin1");
    expect(parent).toContain(`BERTH_HOME=${sandbox.home}`);
    expect(hits(parent, "shell's parent environ")).toEqual([]);
    const shell =
      readFileSync(join(project, "shell.env"), "latin1") + readFileSync(join(project, "env.txt"), "latin1");
    expect(shell).toContain("PATH=");
    // The shell has no model credential; other secrets of the user's (GITHUB_TOKEN) are theirs to use.
    expect(shell).not.toContain(CANARY.ANTHROPIC_API_KEY);
    expect(shell).toContain("GITHUB_TOKEN=");

    const pid = daemonPid(sandbox.home);
    expect(pid).toBeDefined();
    expect(hits(environOf(pid as number), "daemon environ")).toEqual([]);
    // The client itself started it clean: no restart by the daemon, no supervisor holding secrets.
    const stderrLog = join(sandbox.home, "logs", "daemon-stderr.log");
    expect(existsSync(stderrLog) ? readFileSync(stderrLog, "utf8") : "").not.toMatch(/minimal environment/);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const parentPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    let parentEnviron = "";
    try {
      parentEnviron = environOf(parentPid);
    } catch {
      // init or a subreaper owned by root: not ours to read, and not Berth's.
    }
    expect(hits(parentEnviron, "daemon's parent environ")).toEqual([]);
  }, 120_000);

  it("interactive: an approved read of the shell's parent environment shows no secret", async () => {
    const project = sandbox.project("interactive");
    fake.enqueue(
      turn(
        toolUse("Bash", { command: "cat /proc/$PPID/environ | tr '\\0' '\\n'; echo \"gh=$GITHUB_TOKEN\"" }),
      ),
      turn(text("Looked around.")),
    );
    const term = new CliTerminal([], { cwd: project, env: userEnv() });
    try {
      await term.waitForText("Do you trust the files in", 30_000);
      term.type("y");
      await term.waitForText(/^›$/m, 30_000);
      term.type("look at your parent\r");
      // The credential-store guard asks even though nothing else would; the user allows it.
      await term.waitForText("Permission needed: Bash", 30_000);
      term.type("y");
      await term.waitForText("Looked around.", 30_000);
      // The session is live: its shell is a child of the daemon. Neither holds a secret.
      const daemon = daemonPid(sandbox.home) as number;
      const shells = childrenOf(daemon);
      expect(shells.length).toBeGreaterThan(0);
      expect(hits(environOf(daemon), "daemon environ")).toEqual([]);
      // The user's own variables (GITHUB_TOKEN for gh) reach their shell; Berth's credentials do not.
      const modelCredentials = [CANARY.ANTHROPIC_API_KEY, CANARY.HELPER_FIRST, CANARY.HELPER_SECOND];
      for (const pid of shells) {
        const environ = environOf(pid);
        expect(environ).toContain("GITHUB_TOKEN=");
        for (const value of modelCredentials) expect(environ).not.toContain(value);
      }
      const result = JSON.stringify(fake.requests.at(-1)?.body?.messages?.at(-1));
      expect(result).toContain(`BERTH_HOME=${sandbox.home}`);
      expect(result).toContain("gh=[REDACTED:GITHUB_TOKEN]");
      expect(term.screenText()).toMatch(/GITHUB_TOKEN.*REDACTED|REDACTED.*GITHUB_TOKEN/s);
    } finally {
      printed.push(term.output);
      term.dispose();
    }
  }, 120_000);

  it("apiKeyHelper rotation after a 401, and a tool that prints the old key", async () => {
    const project = sandbox.project("helper");
    writeHelper(
      project,
      // What a helper process sees: its own environment and its parent's.
      `env > "$(dirname "$0")/helper.env"; cat /proc/$PPID/environ > "$(dirname "$0")/helper-parent.env"\n` +
        `f="$(dirname "$0")/count"; n=$(cat "$f" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$f"\n` +
        `if [ $n -eq 1 ]; then echo ${CANARY.HELPER_FIRST}; else echo ${CANARY.HELPER_SECOND}; fi`,
    );
    writeFileSync(join(project, "old-key.txt"), `${CANARY.HELPER_FIRST}\n${CANARY.HELPER_SECOND}\n`);
    fake.enqueue(
      apiError(401, "authentication_error", "invalid x-api-key"),
      turn(toolUse("Bash", { command: "cat old-key.txt" }, "toolu_old")),
      turn(text("rotated")),
    );
    const env = userEnv({ ANTHROPIC_CUSTOM_HEADERS: `X-Gateway-Key: ${CANARY.GATEWAY_HEADER}` });
    delete env.ANTHROPIC_API_KEY;
    const run = await berth(
      project,
      ["-p", "go", "--permission-mode", "bypassPermissions", "--trust-workspace"],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("rotated");
    const keys = fake.requests.slice(-3).map((r) => r.headers["x-api-key"]);
    expect(keys).toEqual([CANARY.HELPER_FIRST, CANARY.HELPER_SECOND, CANARY.HELPER_SECOND]);
    const sent = JSON.stringify(fake.requests.at(-1)?.body?.messages?.at(-1));
    expect(sent).toContain("[REDACTED:apiKeyHelper output]\\n[REDACTED:apiKeyHelper output]");
    expect(fake.requests.at(-1)?.headers["x-gateway-key"]).toBe(CANARY.GATEWAY_HEADER);
    // The helper (`sh -c` and the script) gets the user's variables, never Berth's credentials.
    for (const file of ["helper.env", "helper-parent.env"]) {
      const seen = readFileSync(join(project, file), "latin1");
      expect(seen).toContain("PATH=");
      expect(seen).not.toContain(CANARY.GATEWAY_HEADER);
    }
  }, 120_000);

  it("a failing helper, a rejected key, Bedrock and Vertex fail without echoing a secret", async () => {
    const failing = sandbox.project("failing-helper");
    writeHelper(failing, `echo ${CANARY.FAILING_HELPER}; echo ${CANARY.FAILING_HELPER} >&2; exit 1`);
    const env = userEnv();
    delete env.ANTHROPIC_API_KEY;
    const helperRun = await berth(failing, ["-p", "hi", "--trust-workspace"], env);
    expect(helperRun.code).not.toBe(0);
    expect(helperRun.stderr).toMatch(/apiKeyHelper/);

    fake.enqueue(apiError(401, "authentication_error", `bad key ${CANARY.ANTHROPIC_AUTH_TOKEN}`));
    const rejected = await berth(
      sandbox.project("rejected"),
      ["-p", "hi"],
      userEnv({ ANTHROPIC_AUTH_TOKEN: CANARY.ANTHROPIC_AUTH_TOKEN }),
    );
    expect(rejected.code).not.toBe(0);

    const bedrock = await berth(
      sandbox.project("bedrock"),
      ["-p", "hi"],
      userEnv({
        CLAUDE_CODE_USE_BEDROCK: "1",
        AWS_REGION: "us-east-1",
        ANTHROPIC_BEDROCK_BASE_URL: fake.url,
      }),
    );
    expect(bedrock.code).not.toBe(0);
    expect(fake.requests.at(-1)?.path).toMatch(/^\/model\//);

    const vertex = await berth(
      sandbox.project("vertex"),
      ["-p", "hi"],
      userEnv({
        CLAUDE_CODE_USE_VERTEX: "1",
        CLOUD_ML_REGION: "us-east5",
        ANTHROPIC_VERTEX_PROJECT_ID: "canary-project",
        CLAUDE_CODE_SKIP_VERTEX_AUTH: "1",
        ANTHROPIC_VERTEX_BASE_URL: fake.url,
      }),
    );
    expect(vertex.code).not.toBe(0);
    expect(fake.requests.at(-1)?.path).toMatch(/rawpredict/i);
  }, 120_000);

  it("leaves no secret in the Berth home, the model's requests or anything the CLI printed", () => {
    const found: string[] = [];
    const files = filesUnder(sandbox.home);
    expect(files.some((f) => f.endsWith("berth.db-wal") || f.endsWith("berth.db"))).toBe(true);
    expect(files.some((f) => f.endsWith("daemon.log") && statSync(f).size > 0)).toBe(true);
    for (const file of files) found.push(...hits(readFileSync(file), file));
    for (const [i, request] of fake.requests.entries()) {
      found.push(...hits(request.rawBody, `request ${i} body`));
      for (const [name, value] of Object.entries(request.headers))
        if (!CREDENTIAL_HEADERS.has(name)) found.push(...hits(value, `request ${i} header ${name}`));
    }
    found.push(...hits(printed.join("\n"), "CLI output"));
    expect(found).toEqual([]);
    // Guard against a scan that cannot fail: the values did reach the model endpoint as credentials.
    expect(fake.requests.some((r) => r.headers["x-api-key"] === CANARY.ANTHROPIC_API_KEY)).toBe(true);
  });
});
