import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "@berth/protocol";
import { connectOrStart } from "../connect";
import { style } from "../interactive/style";

function formatDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = [d.file, d.line ? `line ${d.line}` : null, d.keyPath].filter(Boolean).join(", ");
      const tag =
        d.severity === "error"
          ? style.red("error")
          : d.severity === "warning"
            ? style.yellow("warning")
            : "info";
      return `  ${tag} ${d.code}: ${d.message}${where ? style.dim(` (${where})`) : ""}`;
    })
    .join("\n");
}

/** `berth config`: the effective settings for this folder, each value with its file. */
export async function runConfig(options: { json: boolean; showOrigin: boolean }): Promise<number> {
  const conn = await connectOrStart();
  try {
    const result = await conn.request("config/get", { cwd: process.cwd() });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return result.policyError ? 1 : 0;
    }
    const out: string[] = [];
    out.push(
      `${style.bold("Project")} ${result.projectRoot} ${result.trusted ? "" : style.yellow("(not trusted)")}`,
    );
    if (result.policyError) out.push(style.red(`Managed policy error: ${result.policyError}`));
    out.push(style.bold("Files"));
    for (const f of result.files) {
      out.push(
        `  ${f.layer.padEnd(13)} ${f.status.padEnd(10)} ${f.path}${f.usedLastGood ? style.yellow(" (last good version in force)") : ""}`,
      );
    }
    if (options.showOrigin) {
      out.push(style.bold("Effective values"));
      for (const o of result.origins) {
        out.push(
          `  ${o.key} = ${JSON.stringify(o.value)} ${style.dim(`← ${o.layer}${o.file ? ` ${o.file}` : ""}`)}`,
        );
      }
    } else {
      out.push(style.bold("Effective settings"), JSON.stringify(result.effective, null, 2));
    }
    if (result.diagnostics.length) out.push(style.bold("Diagnostics"), formatDiagnostics(result.diagnostics));
    process.stdout.write(`${out.join("\n")}\n`);
    return result.policyError ? 1 : 0;
  } finally {
    await conn.close();
  }
}

/** `berth permissions [remove <rule>]`: effective rules with their files; remove saved ones. */
export async function runPermissions(options: { json: boolean; remove?: string }): Promise<number> {
  const conn = await connectOrStart();
  try {
    if (options.remove) {
      const result = await conn.request("permissions/remove", { cwd: process.cwd(), rule: options.remove });
      process.stdout.write(
        result.removed
          ? `Removed ${options.remove} from ${result.file}\n`
          : `${options.remove} is not saved in ${result.file}\n`,
      );
      return result.removed ? 0 : 1;
    }
    const { rules, diagnostics } = await conn.request("permissions/list", { cwd: process.cwd() });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ rules, diagnostics }, null, 2)}\n`);
      return 0;
    }
    if (rules.length === 0)
      process.stdout.write("No permission rules: everything beyond reading this folder asks.\n");
    for (const list of ["deny", "ask", "allow"] as const) {
      const group = rules.filter((r) => r.list === list);
      if (group.length === 0) continue;
      process.stdout.write(`${style.bold(list)}\n`);
      for (const r of group) {
        const saved = r.removable ? style.green(" [saved; berth permissions remove]") : "";
        const problem = r.problem ? style.yellow(` (${r.problem})`) : "";
        process.stdout.write(`  ${r.text}${problem}  ${style.dim(`${r.layer} ${r.file}`)}${saved}\n`);
      }
    }
    if (diagnostics.length) process.stdout.write(`${formatDiagnostics(diagnostics)}\n`);
    return 0;
  } finally {
    await conn.close();
  }
}

/** `berth trust [folder] | status | list | revoke [folder]`. */
export async function runTrust(
  action: "list" | "revoke" | "status" | "trust",
  folder?: string,
): Promise<number> {
  if (folder !== undefined && !existsSync(folder)) {
    process.stderr.write(`berth: no such folder: ${folder}\n`);
    return 2;
  }
  const conn = await connectOrStart();
  try {
    if (action === "list") {
      const { folders } = await conn.request("trust/list", {});
      if (folders.length === 0) process.stdout.write("No trust decisions recorded.\n");
      for (const f of folders) {
        process.stdout.write(
          `${f.trusted ? style.green("trusted  ") : style.red("untrusted")} ${f.folder}\n`,
        );
      }
      return 0;
    }
    const cwd = resolve(folder ?? process.cwd());
    if (action === "trust") {
      // For scripted and organisation set-ups: the same decision the first-run prompt records.
      const r = await conn.request("trust/set", { cwd, trusted: true });
      process.stdout.write(
        `Trusted ${r.folder}: its settings, hooks, MCP servers and CLAUDE.md imports may act. \`berth trust revoke\` undoes it.\n`,
      );
      return 0;
    }
    if (action === "revoke") {
      const r = await conn.request("trust/set", { cwd, trusted: false });
      process.stdout.write(
        `Revoked trust for ${r.folder}. Its project settings will ask again before they act.\n`,
      );
      return 0;
    }
    const r = await conn.request("trust/get", { cwd });
    process.stdout.write(`${r.folder}: ${r.trusted ? "trusted" : "not trusted"}\n`);
    return 0;
  } finally {
    await conn.close();
  }
}
