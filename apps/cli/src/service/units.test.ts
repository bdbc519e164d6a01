import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { launchdAgent, serviceFileFor, systemdUnit } from "./units";

const spec = {
  node: process.execPath,
  daemonEntry: __filename,
  home: "/home/ada/odd $dir/100% sure/.berth",
  userHome: "/home/ada",
};

const hasVerify = spawnSync("systemd-analyze", ["--version"]).status === 0;
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** What `systemd-analyze verify` says about a unit file (empty: nothing to complain about). */
function verify(content: string): string {
  dir = mkdtempSync(join(tmpdir(), "berth-unit-"));
  const file = join(dir, "berth-daemon.service");
  writeFileSync(file, content);
  const r = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim();
}

describe("systemd user unit", () => {
  it("runs the daemon with no idle exit, restarts it after a crash, and carries no credentials", () => {
    const unit = systemdUnit(spec);
    expect(unit.path).toBe("/home/ada/.config/systemd/user/berth-daemon.service");
    expect(unit.content).toContain(
      `ExecStart="${process.execPath}" "${__filename}" "--home" "/home/ada/odd $$dir/100%% sure/.berth" "--idle-timeout-ms" "0"`,
    );
    expect(unit.content).toMatch(/^Restart=on-failure$/m);
    expect(unit.content).toMatch(/^WantedBy=default\.target$/m);
    expect(unit.content).not.toMatch(/KEY|TOKEN|SECRET/);
  });

  it.skipIf(!hasVerify)("passes systemd-analyze verify (which does catch a broken unit)", () => {
    expect(verify(systemdUnit(spec).content)).toBe("");
    expect(verify(systemdUnit(spec).content.replace("Restart=on-failure", "Restart=sometimes"))).toMatch(
      /restart specifier/i,
    );
  });

  it("refuses a path with a line break (it would inject unit directives)", () => {
    expect(() => systemdUnit({ ...spec, home: "/tmp/x\nExecStartPre=/bin/evil" })).toThrow(/line break/);
  });
});

describe("launchd agent", () => {
  it("keeps the daemon alive after a crash and escapes paths as XML", () => {
    const agent = launchdAgent({ ...spec, home: "/Users/ada/<b>&.berth" });
    expect(agent.path).toBe("/home/ada/Library/LaunchAgents/dev.berth.daemon.plist");
    expect(agent.content).toContain("<string>/Users/ada/&lt;b&gt;&amp;.berth</string>");
    expect(agent.content).toMatch(/<key>SuccessfulExit<\/key>\s*<false\/>/);
    expect(agent.content).toContain("<string>--idle-timeout-ms</string>\n    <string>0</string>");
  });

  it("is chosen by platform; other platforms get a way forward", () => {
    expect(serviceFileFor("darwin", spec).kind).toBe("launchd");
    expect(serviceFileFor("linux", spec).kind).toBe("systemd");
    expect(() => serviceFileFor("win32", spec)).toThrow(/berth daemon start/);
    expect(existsSync(spec.daemonEntry)).toBe(true);
  });
});
