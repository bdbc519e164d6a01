// The packed artefact and scripts/install.sh, as a team installs Berth: the tarball holds a
// self-contained CLI and daemon; unpacked into a clean prefix (its native modules linked from
// this workspace instead of compiled again, which `pnpm bench` measures), `berth` runs a real
// session against the fake model. install.sh refuses an old Node.js and a broken policy file
// before installing anything, and --uninstall keeps history unless --purge.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { type FakeAnthropic, startFakeAnthropic, text, turn } from "@berth/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, runProgram, type Sandbox } from "./support/cli";
import { ensureBuilt, REPO_ROOT } from "./support/paths";

const EXTERNAL = ["better-sqlite3", "node-pty", "web-tree-sitter", "tree-sitter-bash"];
const INSTALL_SH = join(REPO_ROOT, "scripts/install.sh");

let sandbox: Sandbox;
let fake: FakeAnthropic;
let tarball: string;
let prefix: string;

const run = (cmd: string, args: string[], env: Record<string, string>, cwd: string) =>
  runProgram(cmd, args, { env, cwd, timeoutMs: 60_000 });

/** What `npm install -g` leaves in a prefix, with the native modules taken from this workspace. */
function unpackInto(dir: string): void {
  const pkgDir = join(dir, "lib/node_modules/berth");
  mkdirSync(pkgDir, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"]);
  mkdirSync(join(pkgDir, "node_modules"), { recursive: true });
  for (const name of EXTERNAL) {
    // pnpm links each dependency of the daemon app under its node_modules.
    const target = realpathSync(join(REPO_ROOT, "apps/daemon/node_modules", name));
    const bundled = join(pkgDir, "node_modules", name);
    // A bundled module (node-pty, patched) is the tarball's own source; only its compiled
    // addon comes from this workspace, built from the same patched source.
    if (existsSync(bundled)) symlinkSync(join(target, "build"), join(bundled, "build"));
    else symlinkSync(target, bundled);
  }
  mkdirSync(join(dir, "bin"), { recursive: true });
  chmodSync(join(pkgDir, "dist/berth.cjs"), 0o755);
  symlinkSync(join(pkgDir, "dist/berth.cjs"), join(dir, "bin/berth"));
}

beforeAll(async () => {
  await ensureBuilt();
  sandbox = makeSandbox("berth-install-");
  fake = await startFakeAnthropic({ responder: () => turn(text("installed and answering")) });
  const out = join(sandbox.root, "dist");
  tarball = execFileSync(
    process.execPath,
    [join(REPO_ROOT, "scripts/release/pack.mjs"), "--no-build", "--out", out],
    {
      encoding: "utf8",
    },
  )
    .trim()
    .split("\n")
    .at(-1) as string;
  prefix = join(sandbox.root, "prefix");
  unpackInto(prefix);
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await sandbox?.cleanup();
});

describe("the packed artefact", () => {
  it("declares the berth command and exactly the modules the bundles keep external", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    expect(listing).toMatch(/^package\/dist\/berth\.cjs$/m);
    expect(listing).toMatch(/^package\/dist\/program\.js$/m);
    expect(listing).toMatch(/^package\/dist\/berth-daemon\.js$/m);
    expect(listing).toMatch(/^package\/dist\/program\.vm\.js$/m);
    expect(listing).toMatch(/^package\/install\.sh$/m);
    // The CLI is code-split: every chunk it may import() ships beside it.
    const cliChunks = readdirSync(join(REPO_ROOT, "apps/cli/dist/chunks")).filter((f) => f.endsWith(".js"));
    expect(cliChunks.length).toBeGreaterThan(1);
    for (const chunk of cliChunks) expect(listing).toContain(`package/dist/chunks/${chunk}\n`);
    const pkg = JSON.parse(readFileSync(join(prefix, "lib/node_modules/berth/package.json"), "utf8"));
    expect(pkg.bin).toEqual({ berth: "dist/berth.cjs", "berth-daemon": "dist/berth-daemon.js" });
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...EXTERNAL].sort());
  });

  it("bundles node-pty with Berth's close-on-exec patch and none of the unpatched prebuilt binaries", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    expect(listing).toMatch(/^package\/node_modules\/node-pty\/src\/unix\/pty\.cc$/m);
    expect(listing).toMatch(/^package\/node_modules\/node-addon-api\/napi\.h$/m);
    expect(listing).not.toMatch(/node-pty\/(prebuilds|build)\//);
    const pkgDir = join(prefix, "lib/node_modules/berth");
    expect(JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).bundleDependencies).toEqual([
      "node-pty",
      "node-addon-api",
    ]);
    const source = readFileSync(join(pkgDir, "node_modules/node-pty/src/unix/pty.cc"), "utf8");
    expect(source).toContain("fcntl(fd, F_SETFD, flags | FD_CLOEXEC)");
    expect(source).toContain("SYS_close_range");
  });

  it("runs from a clean prefix: versions, then a real print-mode session through its own daemon", async () => {
    const berth = join(prefix, "bin/berth");
    const env = sandbox.env(fake.url);
    const project = sandbox.project();
    const version = await run(berth, ["--version"], env, project);
    expect(version.stdout.trim()).toMatch(/^berth \d+\.\d+\.\d+ \(daemon \d+\.\d+\.\d+, protocol \d+\)$/);
    const answer = await run(berth, ["-p", "are you there?"], env, project);
    expect(answer).toMatchObject({ code: 0, stdout: "installed and answering\n" });
    const status = JSON.parse((await run(berth, ["daemon", "status", "--json"], env, project)).stdout);
    // The daemon that answered is the one shipped in the prefix, not this checkout's.
    const cmdline = readFileSync(`/proc/${status.pid}/cmdline`, "utf8").split("\0");
    expect(cmdline[1]).toBe(join(prefix, "lib/node_modules/berth/dist/berth-daemon.js"));
    expect((await run(berth, ["daemon", "stop"], env, project)).code).toBe(0);
  }, 60_000);
});

describe("scripts/install.sh", () => {
  const shEnv = (extra: Record<string, string> = {}) => ({ ...sandbox.env(), ...extra });

  it("refuses a Node.js older than 20.19, saying which one it found", async () => {
    const shims = join(sandbox.root, "old-node");
    mkdirSync(shims, { recursive: true });
    // A node that says it is 18 and whose version check fails as an old one would.
    writeFileSync(
      join(shims, "node"),
      `#!/bin/sh\ncase "$1" in --version) echo v18.19.0;; -e) exit 1;; *) exec ${process.execPath} "$@";; esac\n`,
    );
    chmodSync(join(shims, "node"), 0o755);
    const r = await run(
      "bash",
      [INSTALL_SH, "--from", tarball, "--prefix", join(sandbox.root, "p2")],
      shEnv({ PATH: `${shims}:${process.env.PATH}` }),
      sandbox.root,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Node\.js v18\.19\.0 is too old: Berth needs 20\.19 or newer/);
    expect(existsSync(join(sandbox.root, "p2/bin/berth"))).toBe(false);
  });

  it("refuses a managed policy that is not JSON before installing anything", async () => {
    const bad = join(sandbox.root, "policy.json");
    writeFileSync(bad, '{"permissions": {"deny": ["Bash(curl:*)"]');
    const target = join(sandbox.root, "p3");
    const r = await run(
      "bash",
      [
        INSTALL_SH,
        "--from",
        tarball,
        "--prefix",
        target,
        "--managed-settings",
        bad,
        "--managed-dir",
        join(sandbox.root, "etc"),
      ],
      shEnv(),
      sandbox.root,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/policy\.json is not valid JSON/);
    expect(existsSync(join(target, "bin/berth"))).toBe(false);
    expect(existsSync(join(sandbox.root, "etc/managed-settings.json"))).toBe(false);
  });

  it("--uninstall removes the command but keeps history; --purge deletes the home", async () => {
    const target = join(sandbox.root, "p4");
    unpackInto(target);
    mkdirSync(sandbox.home, { recursive: true });
    writeFileSync(join(sandbox.home, "keep-me"), "history");
    const kept = await run("bash", [INSTALL_SH, "--uninstall", "--prefix", target], shEnv(), sandbox.root);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/kept your history and settings/);
    expect(existsSync(join(sandbox.home, "keep-me"))).toBe(true);
    const purged = await run(
      "bash",
      [INSTALL_SH, "--uninstall", "--purge", "--prefix", target],
      shEnv(),
      sandbox.root,
    );
    expect(purged.code).toBe(0);
    expect(existsSync(sandbox.home)).toBe(false);
  });
});
