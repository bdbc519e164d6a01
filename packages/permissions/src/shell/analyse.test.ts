// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
import { describe, expect, it } from "vitest";
import { engine } from "../testing/fixtures.js";

async function inspect(command: string) {
  return (await engine()).inspectCommand(command);
}

describe("shell analysis", () => {
  it.each([
    ["ls -la && cat x | grep y; echo z & wc -l\npwd", ["ls", "cat", "grep", "echo", "wc", "pwd"]],
    ["( ls ) && { cat x; }", ["ls", "cat"]],
    ["if ls; then cat x; elif wc; then du; else pwd; fi", ["ls", "cat", "wc", "du", "pwd"]],
    ["for f in a b; do cat $f; done", ["cat"]],
    ["while false; do ls; done", ["false", "ls"]],
    ["case x in x) ls;; *) pwd;; esac", ["ls", "pwd"]],
    ["timeout -s KILL 5 nice -n 3 nohup stdbuf -o0 ls", ["timeout", "nice", "nohup", "stdbuf", "ls"]],
    ["env A=1 B=2 command builtin echo x", ["env", "command", "builtin", "echo"]],
    ["xargs rm", ["xargs", "rm"]],
    ["xargs", ["xargs", "echo"]],
    ["time -p ls", ["time", "ls"]],
    ["FOO=1 ls", ["ls"]],
    ["echo x > out 2>&1", ["echo"]],
  ])("%j runs %j", async (command, programs) => {
    const r = await inspect(command);
    expect(r.issues).toEqual([]);
    expect(r.understood).toBe(true);
    expect(r.programs).toEqual(programs);
  });

  // Every case here must be reported as not understood (fail closed).
  it.each([
    ["echo $(rm x)", "command-substitution"],
    ["echo `rm x`", "command-substitution"],
    ['echo "$(rm)"', "command-substitution"],
    ["a=$(rm)", "command-substitution"],
    ["cat <(rm)", "process-substitution"],
    ["tee >(rm)", "process-substitution"],
    ["$CMD x", "dynamic-command"],
    ['"$CMD" x', "dynamic-command"],
    ["${CMD} x", "dynamic-command"],
    ["r* x", "dynamic-command"],
    ["{rm,-rf} x", "parse-error"],
    ["eval rm", "code-execution"],
    ["exec rm", "code-execution"],
    ["source x.sh", "code-execution"],
    [". x.sh", "code-execution"],
    ["bash -c 'rm'", "inline-code"],
    ["sh -c rm", "inline-code"],
    ["zsh -c rm", "inline-code"],
    ["bash -lc rm", "inline-code"],
    ["python -c 'import os'", "inline-code"],
    ["python3 -Ic 'x'", "inline-code"],
    ["node -e 1", "inline-code"],
    ["node --eval=1", "inline-code"],
    ["perl -pe 1 x", "inline-code"],
    ["ruby -e 1", "inline-code"],
    ["php -r 1", "inline-code"],
    ["bash <<< 'rm'", "interpreter-stdin"],
    ["echo rm | bash", "interpreter-stdin"],
    ["cat <<EOF | sh\nrm\nEOF", "interpreter-stdin"],
    ["python3 <<EOF\nprint(1)\nEOF", "interpreter-stdin"],
    ["sudo rm", "privilege-escalation"],
    ["su -c rm", "privilege-escalation"],
    ["doas rm", "privilege-escalation"],
    ["watch ls", "exec-wrapper"],
    ["setsid ls", "exec-wrapper"],
    ["ionice -c3 ls", "exec-wrapper"],
    ["flock /tmp/l ls", "exec-wrapper"],
    ["xargs -0 rm", "wrapper-options"],
    ["env -i rm", "wrapper-options"],
    ["env -S 'rm x'", "wrapper-options"],
    ["timeout x rm", "wrapper-options"],
    ["find . -exec rm {} \\;", "find-exec"],
    ["find . -delete", "find-exec"],
    ["find . -execdir rm {} +", "find-exec"],
    ["$'rm' x", "ansi-c-command"],
    ["r\u200bm x", "unicode-lookalike"],
    ["\u0440m x", "unicode-lookalike"],
    ["ls\u00a0-la", "unicode-lookalike"],
    ["ls\u0000", "control-character"],
    ["ls\u0007", "control-character"],
    ["ls\\\n; rm", "line-continuation"],
    ["r\\\nm", "line-continuation"],
    ["echo 'open", "parse-error"],
    ["echo $(", "parse-error"],
    ["f() { rm; }; f", "code-execution"],
    ["alias x=rm", "code-execution"],
    ["trap 'rm' EXIT", "code-execution"],
    ["PATH=/tmp/evil ls", "dangerous-variable"],
    ["LD_PRELOAD=/x.so ls", "dangerous-variable"],
    ["BASH_ENV=x bash s.sh", "dangerous-variable"],
    ["GIT_SSH_COMMAND=x git fetch", "dangerous-variable"],
    ["export PATH=/x", "dangerous-variable"],
    ["PS1='$(rm)'", "dangerous-variable"],
    ["echo ${X:-y}", "complex-expansion"],
    ["echo $((X+1))", "arithmetic"],
    ["(( x ))", "arithmetic"],
    ["[[ $x -eq 1 ]]", "arithmetic"],
    ["let x=1", "arithmetic"],
    ["x[$i]=1", "arithmetic"],
    ["declare -i x=1", "shell-state"],
    ["shopt -s expand_aliases", "shell-state"],
    ["hash -p /tmp/x ls", "shell-state"],
    ["read PATH <<< /tmp", "dangerous-variable"],
    ["mapfile -t PATH < x", "dangerous-variable"],
    ["set -o vi", "shell-state"],
    ["echo > $F", "dynamic-redirect"],
    ["echo > *.txt", "dynamic-redirect"],
    ["echo !!", "history-expansion"],
    ["git -c core.pager=rm log", "inline-code"],
    ["git -c alias.x='!rm' x", "inline-code"],
    ["git rebase --exec rm main", "inline-code"],
    ["awk 'BEGIN{system(\"rm\")}'", "inline-code"],
    ["sed 's/a/b/e' x", "inline-code"],
    ["sed '1e rm' x", "inline-code"],
    ["rg --pre rm x", "exec-wrapper"],
    ["select x in a; do ls; done", "unsupported-syntax"],
    ["for ((i=0;i<1;i++)); do ls; done", "arithmetic"],
    ["coproc ls", "code-execution"],
    ['echo $"x"', "unsupported-syntax"],
  ])("%j → %s", async (command, check) => {
    const r = await inspect(command);
    expect(r.understood).toBe(false);
    expect(r.issues.map((i) => i.check)).toContain(check);
  });

  it("rejects over-long commands", async () => {
    const r = await inspect(`echo ${"a".repeat(10_001)}`);
    expect(r.issues[0]?.check).toBe("too-long");
  });

  it("accepts a continuation between words after a space", async () => {
    expect((await inspect("ls \\\n  -la \\\n  x")).understood).toBe(true);
  });

  it("still lists programs hidden in substitutions and inline scripts (for deny rules)", async () => {
    expect((await inspect("echo $(rm x)")).programs).toContain("rm");
    expect((await inspect("bash -c 'rm -rf /'")).programs).toContain("rm");
    expect((await inspect("eval 'curl x'")).programs).toContain("curl");
  });

  it("describes commands in plain words", async () => {
    const d = (await engine()).describeCommand(
      "npm run test 2>&1 | tee out.log && curl -s https://api.example.com/x",
    );
    expect(d.summary).toBe(
      "Runs 3 programs: npm (run test), tee (writes out.log), curl (https://api.example.com/x); contacts api.example.com",
    );
    expect(d.programs).toEqual(["npm", "tee", "curl"]);
    expect(d.writes).toEqual(["out.log"]);
    expect(d.network).toEqual(["api.example.com"]);
    expect(d.risks).toContain("curl uses the network");
  });
});
