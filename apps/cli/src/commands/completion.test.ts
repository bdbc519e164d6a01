import { spawnSync } from "node:child_process";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { completionScript } from "./completion";

function program(): Command {
  const p = new Command().name("berth").option("-p, --print").option("--model <m>");
  const daemon = p.command("daemon").description("manage the daemon");
  daemon.command("logs").description("print the log").option("-f, --follow");
  daemon.command("install").description("as a service");
  p.command("history").description("stored sessions").command("prune").option("--dry-run");
  return p;
}

/** Completions real bash offers for the words typed so far (the last one being completed). */
function bashComplete(words: string[]): string[] {
  const script = completionScript(program(), "bash");
  const r = spawnSync(
    "bash",
    [
      "-c",
      `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _berth_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: "utf8" },
  );
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean).sort();
}

describe("berth completion", () => {
  it("bash completes commands, subcommands and each level's options", () => {
    expect(bashComplete(["berth", "d"])).toEqual(["daemon"]);
    expect(bashComplete(["berth", "daemon", ""])).toEqual(["--help", "install", "logs"]);
    expect(bashComplete(["berth", "daemon", "logs", "--f"])).toEqual(["--follow"]);
    expect(bashComplete(["berth", "--model", "x", "history", "prune", "--"])).toEqual([
      "--dry-run",
      "--help",
    ]);
    expect(bashComplete(["berth", "-"])).toEqual(["--help", "--model", "--print", "-p"]);
  });

  it("zsh and fish scripts name every command with its description", () => {
    const zsh = completionScript(program(), "zsh");
    expect(zsh).toMatch(/^#compdef berth/);
    expect(zsh).toContain("'daemon logs') items=('--follow:' '-f:' '--help:')");
    const fish = completionScript(program(), "fish");
    expect(fish).toContain(
      "complete -c berth -f -n '__fish_use_subcommand' -a 'daemon' -d 'manage the daemon'",
    );
    expect(fish).toContain(
      "complete -c berth -n '__fish_seen_subcommand_from daemon; and __fish_seen_subcommand_from logs' -l follow",
    );
  });
});
