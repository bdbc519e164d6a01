import { accessSync, constants, existsSync, statSync } from "node:fs";
import type { BerthConnection } from "@berth/client";
import { berthPaths } from "@berth/protocol";
import { berthHome, connectOrStart, sessionEnvironment } from "../connect";
import { describeError } from "../errors";
import { style } from "../interactive/style";
import { privacyChecks } from "./privacy";

type Check = { ok: boolean | "warn"; label: string; detail: string; fix?: string };

function line(c: Check): string {
  const mark = c.ok === true ? style.green("✓") : c.ok === "warn" ? style.yellow("!") : style.red("✗");
  const fix = c.ok !== true && c.fix ? `\n  ${style.dim(`→ ${c.fix}`)}` : "";
  return `${mark} ${c.label.padEnd(18)} ${c.detail}${fix}`;
}

function localChecks(): Check[] {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const home = berthHome();
  const checks: Check[] = [
    {
      ok: major > 20 || (major === 20 && minor >= 19),
      label: "Node.js",
      detail: process.versions.node,
      fix: "Berth needs Node.js 20.19 or newer.",
    },
  ];
  if (!existsSync(home)) {
    checks.push({ ok: true, label: "Berth home", detail: `${home} (created on first use)` });
    return checks;
  }
  let writable = true;
  try {
    accessSync(home, constants.W_OK);
  } catch {
    writable = false;
  }
  const open = (statSync(home).mode & 0o077) !== 0;
  checks.push({
    ok: writable ? (open ? "warn" : true) : false,
    label: "Berth home",
    detail: `${home}${writable ? "" : " (not writable)"}${open ? " (readable by other users)" : ""}`,
    ...(writable
      ? open
        ? { fix: `chmod 700 ${home}` }
        : {}
      : { fix: "Make it writable, or set BERTH_HOME." }),
  });
  return checks;
}

async function daemonChecks(conn: BerthConnection): Promise<Check[]> {
  const cwd = process.cwd();
  const status = await conn.request("daemon/status", {});
  const config = await conn.request("config/get", { cwd });
  const auth = await conn.request("auth/status", { cwd, env: sessionEnvironment() });
  const managed = config.files.filter((f) => f.layer === "managed");
  const errors = config.diagnostics.filter((d) => d.severity === "error");
  const warnings = config.diagnostics.filter((d) => d.severity === "warning");
  return [
    {
      ok: true,
      label: "Daemon",
      detail: `pid ${status.pid}, version ${status.version}, protocol ${status.protocolVersion}`,
    },
    {
      ok: !config.policyError,
      label: "Managed policy",
      detail: config.policyError ?? managed.map((f) => `${f.path} (${f.status})`).join(", "),
      ...(config.policyError ? { fix: "Every action asks until the managed settings file is fixed." } : {}),
    },
    {
      ok: errors.length ? false : warnings.length ? "warn" : true,
      label: "Settings",
      detail: `${errors.length} errors, ${warnings.length} warnings`,
      ...(errors.length || warnings.length ? { fix: "See `berth config` for each file, key and line." } : {}),
    },
    {
      ok: config.trusted ? true : "warn",
      label: "Workspace trust",
      detail: `${config.projectRoot} ${config.trusted ? "is trusted" : "is not trusted (its project settings are inactive)"}`,
    },
    {
      ok: Boolean(auth.credential),
      label: "Credentials",
      detail: auth.credential
        ? `${auth.provider}: ${auth.credential}`
        : `${auth.provider}: ${auth.problem ?? "none"}`,
      ...(auth.credential
        ? {}
        : {
            fix: "Set ANTHROPIC_API_KEY, run `berth login`, or configure apiKeyHelper; `pnpm demo` runs offline.",
          }),
    },
    { ok: true, label: "Model", detail: auth.model },
  ];
}

/** `berth doctor`: checks the installation, daemon, policy, settings, trust and credentials. */
export async function runDoctor(): Promise<number> {
  const checks = localChecks();
  try {
    const conn = await connectOrStart();
    try {
      checks.push(...(await daemonChecks(conn)));
      checks.push(...(await privacyChecks(conn)));
    } finally {
      await conn.close();
    }
  } catch (error) {
    checks.push({
      ok: false,
      label: "Daemon",
      detail: describeError(error),
      fix: `See ${berthPaths(berthHome()).logsDir}/daemon-stderr.log and \`berth daemon logs\`.`,
    });
  }
  process.stdout.write(`${checks.map(line).join("\n")}\n`);
  return checks.some((c) => c.ok === false) ? 1 : 0;
}
