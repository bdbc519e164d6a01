// One test per row of the program-option table: with a rule allowing the program's usual command,
// using the option asks; a rule naming the option as written allows it; the command without the
// option is allowed (so the ask really comes from the option).
import { beforeAll, describe, expect, it } from "vitest";
import { bash, ctx, engine, makeProject, type Project } from "../testing/fixtures.js";
import { isDangerousVariable } from "./env-vars.js";
import { type OptionRow, PROGRAM_OPTIONS, PROGRAM_VARIABLES } from "./program-options.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

/** The usual command an allow rule names, per program; global-option programs take the option
 * before their subcommand. */
const USUAL: Record<string, { sub: string; after?: string }> = {
  npm: { sub: "run test" },
  pnpm: { sub: "run test" },
  yarn: { sub: "run test" },
  npx: { sub: "prettier" },
  bun: { sub: "run test" },
  bunx: { sub: "prettier" },
  make: { sub: "test" },
  gmake: { sub: "test" },
  cargo: { sub: "test" },
  go: { sub: "test" },
  mvn: { sub: "test" },
  mvnw: { sub: "test" },
  gradle: { sub: "test" },
  gradlew: { sub: "test" },
  pip: { sub: "install requests" },
  pip3: { sub: "install requests" },
  uv: { sub: "run pytest" },
  uvx: { sub: "ruff" },
  poetry: { sub: "run pytest" },
  git: { sub: "", after: "log" },
  docker: { sub: "ps" },
  podman: { sub: "ps" },
  kubectl: { sub: "get pods" },
  oc: { sub: "get pods" },
  terraform: { sub: "", after: "plan" },
  tofu: { sub: "", after: "plan" },
};

function form(option: string): string {
  if (option === "*=") return "CC=/tmp/x";
  if (option === "+") return "+evil";
  if (option.endsWith("=")) return `${option}/tmp/x`;
  if (option.endsWith(".")) return `${option}script-shell=/tmp/x`;
  if (option.startsWith("--") || option.length > 2) return `${option}=/tmp/x`;
  return `${option}/tmp/x`;
}

const cases = PROGRAM_OPTIONS.flatMap((row: OptionRow) => row.programs.map((program) => ({ row, program })));

describe("options that make an allowed program run another program", () => {
  it.each(cases)("$program $row.option ($row.runs)", async ({ row, program }) => {
    const usual = USUAL[program];
    if (!usual) throw new Error(`no usual command for ${program}`);
    const head = [program, usual.sub].filter(Boolean).join(" ");
    const tail = usual.after ? ` ${usual.after}` : "";
    const command = `${head} ${form(row.option)}${tail}`;
    const rule = `Bash(${head}:*)`;
    expect((await bash(ctx(p, { allow: [rule] }), `${head}${tail}`)).behavior).toBe("allow");
    const d = await bash(ctx(p, { allow: [rule] }), command);
    expect(d.behavior, command).toBe("ask");
    if (program !== "git") expect(d.reason).toMatchObject({ kind: "safety", check: "program-option" });
    if (program !== "git") {
      const named = `Bash(${head} ${form(row.option)}:*)`;
      expect((await bash(ctx(p, { allow: [named] }), command)).behavior, named).toBe("allow");
    }
  });

  it.each(PROGRAM_VARIABLES.flatMap((v) => v.programs.map((program) => ({ ...v, program }))))(
    "$name=... $program ($runs)",
    async ({ name, program }) => {
      expect(isDangerousVariable(name, "/tmp/x")).toBe(true);
      const usual = USUAL[program];
      const head = [program, usual?.sub].filter(Boolean).join(" ");
      const tail = usual?.after ? ` ${usual.after}` : "";
      const d = await bash(ctx(p, { allow: [`Bash(${head}:*)`] }), `${name}=/tmp/x ${head}${tail}`);
      expect(d.behavior).toBe("ask");
    },
  );
});

describe("the general form", () => {
  const spec = { allow: ["Bash(npm run test:*)", "Bash(make test:*)"] };
  it("sees the option however it is spelled, and stops at the end of options", async () => {
    for (const cmd of [
      "npm run test --script-shell /tmp/x.sh",
      "npm run test '--script-shell=/tmp/x.sh'",
      "timeout 5 npm run test --script-shell=/tmp/x.sh",
      "env NODE_ENV=test npm run test --script-shell=/tmp/x.sh",
      "npm run test $OPT",
      "npm run test --script-shell=$X",
      "echo --script-shell=/tmp/x | xargs npm run test",
      "make test -sC /tmp/evil",
      "make test CC=/tmp/x",
      "make test -- SHELL=/tmp/x",
    ])
      expect((await bash(ctx(p, spec), cmd)).behavior, cmd).toBe("ask");
    expect((await bash(ctx(p, spec), "npm run test -- --script-shell=/tmp/x.sh")).behavior).toBe("allow");
    expect((await bash(ctx(p, spec), "make test -j4")).behavior).toBe("allow");
  });

  it("a rule naming one value does not allow another", async () => {
    const named = { allow: ["Bash(make test CC=gcc:*)", "Bash(mvn test -DskipTests:*)"] };
    expect((await bash(ctx(p, named), "make test CC=gcc")).behavior).toBe("allow");
    expect((await bash(ctx(p, named), "make test CC=gcc CXX=/tmp/x")).behavior).toBe("ask");
    expect(
      (await bash(ctx(p, named), "mvn test -DskipTests -Dmaven.compiler.executable=/tmp/x")).behavior,
    ).toBe("ask");
  });

  it("applies under a wildcard allow and in plan mode too", async () => {
    expect((await bash(ctx(p, { allow: ["Bash(*)"] }), "npm run test --script-shell=/tmp/x")).behavior).toBe(
      "ask",
    );
    expect((await bash(ctx(p, {}, "plan"), "go vet -vettool=/tmp/x ./...")).behavior).toBe("deny");
  });
});
