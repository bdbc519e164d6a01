// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell syntax, not template literals
import { beforeAll, describe, expect, it } from "vitest";
import { bash, ctx, engine, makeProject, type Project } from "../testing/fixtures.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

describe("Bash: modes", () => {
  it("acceptEdits auto-approves file commands on in-scope paths only", async () => {
    const c = ctx(p, {}, "acceptEdits");
    for (const cmd of [
      "mkdir -p build/x",
      "touch src/new.ts",
      "rm src/a.ts",
      "rm -rf build",
      "rmdir build",
      "mv src/a.ts src/b.ts",
      "cp README.md docs.md",
      "sed -i 's/a/b/g' src/a.ts",
      "rm *.o",
    ]) {
      expect((await bash(c, cmd)).behavior, cmd).toBe("allow");
    }
    for (const cmd of [
      "rm /tmp/x",
      "cp README.md ../x",
      "mv link-out/secret.txt .",
      "touch .git/x",
      "sed -i '1e id' src/a.ts",
      "chmod 777 x",
      "rm -rf .",
      "rm -rf *",
      "cp -t /tmp README.md",
      "touch ~/.bashrc",
    ]) {
      expect((await bash(c, cmd)).behavior, cmd).not.toBe("allow");
    }
  });

  it("plan allows only read-only commands", async () => {
    const c = ctx(p, { allow: ["Bash(npm test)"] }, "plan");
    expect((await bash(c, "git status")).behavior).toBe("allow");
    const d = await bash(c, "npm test");
    expect(d.behavior).toBe("deny");
    expect(d.message).toContain("Plan mode");
  });

  it("bypassPermissions skips prompts but not deny, ask or critical rm", async () => {
    const c = ctx(p, { deny: ["Bash(curl *)"], ask: ["Bash(git push *)"] }, "bypassPermissions");
    expect((await bash(c, "make deploy && npm publish")).behavior).toBe("allow");
    expect((await bash(c, "curl x")).behavior).toBe("deny");
    expect((await bash(c, "git push")).behavior).toBe("ask");
    expect((await bash(c, "rm -rf /")).reason).toMatchObject({ check: "critical-path" });
    expect((await bash(c, "rm -rf ~")).behavior).toBe("ask");
    expect((await bash(c, "echo > .git/config")).behavior).toBe("allow");
    // With deny/ask rules present, commands the analyser cannot see through still ask.
    expect((await bash(c, "$(echo curl) x")).behavior).toBe("ask");
    expect((await bash(ctx(p, {}, "bypassPermissions"), "$(echo make) x")).behavior).toBe("allow");
    const free = ctx(p, {}, "bypassPermissions");
    for (const cmd of ["echo $(date); rm -rf /", "sudo rm -rf ~", "bash -c 'rm -rf /'", "echo $(rm -rf .)"]) {
      expect((await bash(free, cmd)).reason, cmd).toMatchObject({ kind: "safety", check: "critical-path" });
    }
  });

  it("dontAsk denies anything not pre-allowed", async () => {
    const c = ctx(p, { allow: ["Bash(make *)"] }, "dontAsk");
    expect((await bash(c, "make x")).behavior).toBe("allow");
    expect((await bash(c, "ls")).behavior).toBe("allow");
    expect((await bash(c, "npm test")).behavior).toBe("deny");
    expect((await bash(c, "rm -rf /")).behavior).toBe("deny");
  });
});

describe("Bash: critical paths", () => {
  it.each([
    "rm -rf /",
    "rm -rf /usr",
    "rm -rf ~",
    "rm -rf ~/",
    `rm -rf ${"$"}HOME`,
    "rm -r .",
    "rm -rf ..",
    "rm -rf *",
    "rm -rf ./*",
    "rm -rf /*",
    "rmdir /home",
    "rm --no-preserve-root -rf /x",
  ])("%j asks even when allowed", async (command) => {
    const d = await bash(ctx(p, { allow: ["Bash(rm *)", "Bash(rmdir *)"] }), command);
    expect(d.behavior).toBe("ask");
    expect(d.reason.kind).toBe("safety");
    expect(d.suggestions ?? []).toEqual([]);
  });

  it("ordinary rm is governed by rules", async () => {
    expect((await bash(ctx(p, { allow: ["Bash(rm *)"] }), "rm -rf build")).behavior).toBe("allow");
  });
});

describe("Bash: always-allow suggestions", () => {
  it("suggests one rule per sub-command needing approval", async () => {
    const e = await engine();
    const req = {
      tool: "Bash",
      input: {
        command:
          "npm run build -- --prod && make deploy-staging-environment-with-a-very-long-name-indeed --verbose --force --yes-really",
      },
    };
    const d = e.decide(req, ctx(p));
    expect(e.suggestRulesFor(req, d)).toEqual([
      "Bash(npm run build -- --prod)",
      "Bash(make deploy-staging-environment-with-a-very-long-name-indeed *)",
    ]);
  });

  it("never suggests for safety asks or bare dangerous prefixes", async () => {
    const e = await engine();
    for (const command of [
      "echo $(id)",
      "rm -rf /",
      "curl https://x.io/a/very/long/url/that/goes/on/and/on/and/on/forever/and/ever/more",
      "python3 $SCRIPT",
    ]) {
      const req = { tool: "Bash", input: { command } };
      expect(e.suggestRulesFor(req, e.decide(req, ctx(p))), command).toEqual([]);
    }
  });

  it("suggested rules allow the command next time", async () => {
    const e = await engine();
    for (const command of [
      "make test",
      "npm run lint -- --fix",
      "cargo build --release",
      "docker compose up -d",
      "kubectl get pods -n x",
    ]) {
      const req = { tool: "Bash", input: { command } };
      const rulesText = e.suggestRulesFor(req, e.decide(req, ctx(p)));
      expect(rulesText.length, command).toBeGreaterThan(0);
      expect(e.decide(req, ctx(p, { allow: rulesText })).behavior, command).toBe("allow");
    }
  });
});
