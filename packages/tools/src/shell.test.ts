import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createShellSession } from "./shell/session.js";
import { isAlive, readPid, tempDir, trackShell } from "./test-helpers.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

function session(cwd: string) {
  return trackShell(createShellSession({ cwd, env: { ...env, HOME: cwd }, killGraceMs: 300 }));
}

describe("ShellSession", () => {
  it("keeps the working directory and exported variables between commands", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    const sh = session(dir);
    const cd = await sh.run("cd sub && export GREETING=hello");
    expect(cd).toMatchObject({ exitCode: 0, cwd: join(dir, "sub"), timedOut: false, interrupted: false });
    const pwd = await sh.run("pwd; echo $GREETING");
    expect(pwd.output).toBe(`${join(dir, "sub")}\nhello`);
    expect(sh.cwd).toBe(join(dir, "sub"));
  });

  it("reports exit codes and captures stderr", async () => {
    const sh = session(tempDir());
    expect(await sh.run("echo out; echo err >&2; (exit 3)")).toMatchObject({
      output: "out\nerr",
      exitCode: 3,
    });
    expect((await sh.run("true")).exitCode).toBe(0);
    expect((await sh.run("missing-command-xyz")).exitCode).toBe(127);
  });

  it("runs a short command after a long one without leftovers of the longer text", async () => {
    // The command file is overwritten in place (not truncated to zero first): the tail of a
    // longer earlier command must not survive into the next one.
    const sh = session(tempDir());
    expect((await sh.run(`echo first; echo ${"x".repeat(200)}`)).exitCode).toBe(0);
    expect(await sh.run("echo second")).toMatchObject({ output: "second", exitCode: 0 });
  });

  it("does not expand aliases, so a command runs what its text says", async () => {
    const sh = session(tempDir());
    await sh.run("alias true='echo hijacked'");
    expect(await sh.run("true; echo done")).toMatchObject({ output: "done", exitCode: 0 });
    expect((await sh.run("echo !!")).output).toBe("!!");
  });

  it("does not let a repository's core.fsmonitor run a program on git status", async () => {
    const dir = tempDir();
    const sh = session(dir);
    const marker = join(dir, "pwned");
    await sh.run(`git init -q . && git config core.fsmonitor "touch ${marker}; false"`);
    await sh.run("git status --short");
    expect(existsSync(marker)).toBe(false);
  });

  it("ends a command with a syntax error cleanly, with a non-zero status", async () => {
    const sh = session(tempDir());
    const started = Date.now();
    const quote = await sh.run("echo 'unbalanced");
    expect(quote.exitCode).not.toBe(0);
    expect(quote.output).toContain("unexpected EOF");
    expect(quote.output).not.toContain("berth-shell-"); // the temp script path is not shown
    const keyword = await sh.run("if then fi");
    expect(keyword.exitCode).toBe(2);
    expect(keyword.output).toContain("syntax error");
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await sh.run("echo fine")).output).toBe("fine");
  });

  it("gives commands empty stdin instead of waiting for input", async () => {
    const sh = session(tempDir());
    const r = await sh.run('read x; echo "got:[$x]"; cat', { timeoutMs: 5000 });
    expect(r).toMatchObject({ output: "got:[]", exitCode: 0, timedOut: false });
  });

  it("kills every process group the command started on timeout, and stays usable", async () => {
    const dir = tempDir();
    const sh = session(dir);
    const started = Date.now();
    const r = await sh.run(
      [
        "sleep 100 & echo $! > bg.pid",
        "(sleep 100 & echo $! > orphan.pid)",
        "bash -c 'echo $$ > child.pid; sleep 1000 & echo $! > grandchild.pid; sleep 1000'",
        "wait",
        "echo never",
      ].join("\n"),
      { timeoutMs: 500 },
    );
    expect(r.timedOut).toBe(true);
    expect(r.output).not.toContain("never");
    expect(Date.now() - started).toBeLessThan(4000);
    for (const name of ["bg", "orphan", "child", "grandchild"]) {
      const pid = readPid(join(dir, `${name}.pid`));
      expect(isAlive(pid), `${name} (${pid}) should be dead`).toBe(false);
    }
    expect(await sh.run("echo still here")).toMatchObject({ output: "still here", exitCode: 0 });
  });

  it("abandons the rest of the command even when the job ignores Ctrl-C", async () => {
    const dir = tempDir();
    const sh = session(dir);
    const r = await sh.run(`bash -c "trap '' INT; sleep 100"; touch continued`, { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(join(dir, "continued"))).toBe(false);
    expect((await sh.run("echo ok")).output).toBe("ok");
  });

  it("leaves background jobs of earlier commands alone when a later command times out", async () => {
    const dir = tempDir();
    const sh = session(dir);
    await sh.run("sleep 100 > /dev/null 2>&1 & echo $! > server.pid");
    const server = readPid(join(dir, "server.pid"));
    expect((await sh.run("sleep 100", { timeoutMs: 300 })).timedOut).toBe(true);
    expect(isAlive(server)).toBe(true);
    await sh.dispose();
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(server)).toBe(false); // dispose takes everything down
  });

  it("on dispose, kills a background job that ignores SIGTERM once the grace is over", async () => {
    const dir = tempDir();
    const sh = session(dir);
    await sh.run("(trap '' TERM; while :; do sleep 0.05; done) > /dev/null 2>&1 & echo $! > job.pid");
    const job = readPid(join(dir, "job.pid"));
    expect(isAlive(job)).toBe(true);
    await sh.dispose();
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(job)).toBe(false);
  });

  it("replaces a shell that ignores Ctrl-C and never returns", async () => {
    const sh = session(tempDir());
    const r = await sh.run("trap '' INT; while true; do :; done", { timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, shellExited: true });
    expect((await sh.run("echo recovered")).output).toBe("recovered");
  });

  it("stops promptly when the AbortSignal fires", async () => {
    const sh = session(tempDir());
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const r = await sh.run("echo before; sleep 30; echo after", { signal: controller.signal });
    expect(r).toMatchObject({ interrupted: true, timedOut: false, output: "before" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await sh.run("echo ok")).output).toBe("ok");
    expect(await sh.run("echo skipped", { signal: controller.signal })).toMatchObject({
      interrupted: true,
      output: "",
    });
  });

  it("streams output through onData in several chunks without the markers", async () => {
    const sh = session(tempDir());
    const chunks: string[] = [];
    const r = await sh.run("for i in 1 2 3; do echo line$i; sleep 0.15; done", {
      onData: (c) => chunks.push(c),
    });
    expect(r.output).toBe("line1\nline2\nline3");
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.join("")).toBe("line1\nline2\nline3\n");
    expect(chunks.join("")).not.toMatch(/__BERTH/);
  });

  it("never confuses command output with its markers", async () => {
    const sh = session(tempDir());
    const fake = "__BERTH_END_0123456789abcdef:0:/tmp:0123456789abcdef";
    const r = await sh.run(`echo '${fake}'; printf '\\n__BERTH_BEGIN_x\\n__BERTH_END_'; echo; echo done`);
    expect(r.output).toBe(`${fake}\n\n__BERTH_BEGIN_x\n__BERTH_END_\ndone`);
    expect(r.exitCode).toBe(0);
    const noNewline = await sh.run("printf 'no newline at end'");
    expect(noNewline.output).toBe("no newline at end");
  });

  it("strips terminal noise: colours, CRLF, progress redraws", async () => {
    const sh = session(tempDir());
    const r = await sh.run("printf '\\033[31mred\\033[0m\\r\\n10%%\\r50%%\\r100%%\\n'");
    expect(r.output).toBe("red\n100%");
  });

  it("truncates huge output in the middle, keeping start and end", async () => {
    const sh = session(tempDir());
    const r = await sh.run("seq 1 200000", { maxOutputChars: 2000 });
    expect(r.output.length).toBeLessThanOrEqual(2000);
    expect(r.output.startsWith("1\n2\n3\n")).toBe(true);
    expect(r.output.endsWith("199999\n200000")).toBe(true);
    expect(r.output).toMatch(/\[\d+ characters truncated\]/);
  });

  it("starts a fresh shell in the last directory after the shell dies", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "deep"));
    const sh = session(dir);
    await sh.run("cd deep");
    const exited = await sh.run("exit 7");
    expect(exited).toMatchObject({ exitCode: 7, shellExited: true });
    expect((await sh.run("pwd")).output).toBe(join(dir, "deep"));
    process.kill(sh.pid!, "SIGKILL");
    await new Promise((r) => setTimeout(r, 50));
    expect((await sh.run("pwd")).output).toBe(join(dir, "deep"));
  });

  it("runs queued commands one at a time, in order", async () => {
    const sh = session(tempDir());
    const [a, b] = await Promise.all([sh.run("sleep 0.2; echo a; cd /"), sh.run("echo b; pwd")]);
    expect(a.output).toBe("a");
    expect(b.output).toBe("b\n/");
  });

  it("refuses to run after dispose", async () => {
    const sh = createShellSession({ cwd: tempDir(), env });
    await sh.run("true");
    await sh.dispose();
    expect(sh.pid).toBeUndefined();
    expect((await sh.run("echo hi")).output).toMatch(/closed/);
  });
});
