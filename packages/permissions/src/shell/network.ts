// Network commands (spec §4: "network commands always ask unless explicitly allowed") and the
// hosts or URLs they name, for the prompt's plain-words description.
import { own } from "../own.js";
import type { GitInfo } from "./git.js";
import { basename, staticValue } from "./wrappers.js";
import type { WordInfo } from "./words.js";

const ALWAYS = new Set([
  "curl",
  "wget",
  "nc",
  "ncat",
  "netcat",
  "ssh",
  "scp",
  "sftp",
  "telnet",
  "ftp",
  "tftp",
  "socat",
  "http",
  "https",
  "httpie",
  "xh",
  "aria2c",
  "lftp",
  "mosh",
  "axel",
  "ping",
  "ping6",
  "dig",
  "nslookup",
  "host",
  "whois",
  "traceroute",
  "tracepath",
  "mtr",
  "nmap",
  "links",
  "lynx",
  "w3m",
  "npx",
  "pnpx",
  "bunx",
  "uvx",
  "pipx",
  "aws",
  "gcloud",
  "gsutil",
  "az",
  "rclone",
  "s3cmd",
  "gh",
  "glab",
  "ssh-copy-id",
  "sshpass",
  "websocat",
  "grpcurl",
  "wscat",
]);
/** Programs that reach the network for some subcommands. */
const BY_SUBCOMMAND: Record<string, Set<string>> = {
  npm: new Set([
    "install",
    "i",
    "ci",
    "add",
    "update",
    "up",
    "upgrade",
    "publish",
    "login",
    "adduser",
    "view",
    "info",
    "show",
    "outdated",
    "audit",
    "exec",
    "x",
    "init",
    "create",
    "dlx",
    "unpublish",
    "deprecate",
    "dist-tag",
    "access",
    "owner",
    "search",
    "fund",
    "ping",
    "whoami",
  ]),
  pip: new Set(["install", "download", "search", "index"]),
  cargo: new Set(["install", "fetch", "update", "add", "publish", "search", "login", "yank", "owner"]),
  go: new Set(["get", "install", "mod"]),
  gem: new Set(["install", "update", "push", "fetch", "search", "sources"]),
  bundle: new Set(["install", "update", "add", "outdated"]),
  docker: new Set(["pull", "push", "login", "search", "run", "build", "create"]),
  apt: new Set(["install", "update", "upgrade", "full-upgrade", "download", "source"]),
  brew: new Set(["install", "update", "upgrade", "fetch", "tap", "reinstall", "search", "info"]),
  composer: new Set(["install", "require", "update", "create-project", "global"]),
  conda: new Set(["install", "create", "update", "search"]),
  deno: new Set(["install", "add", "cache"]),
  uv: new Set(["add", "sync", "pip", "lock", "tool", "run", "python"]),
  poetry: new Set(["install", "add", "update", "lock", "publish", "search"]),
};
const ALIASES: Record<string, string> = {
  pnpm: "npm",
  yarn: "npm",
  bun: "npm",
  pip3: "pip",
  podman: "docker",
  "apt-get": "apt",
  yum: "apt",
  dnf: "apt",
  apk: "apt",
  pacman: "apt",
  zypper: "apt",
  port: "brew",
  pipenv: "poetry",
};
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/\s@]*@)?(\[[^\]]+\]|[^/\s:?#]+)/i;
const SCP_RE = /^(?:[^@\s/:]+@)?([A-Za-z0-9.-]+|\[[^\]]+\]):/;

export interface NetworkInfo {
  network: boolean;
  hosts: string[];
}

export function networkInfo(words: WordInfo[], git: GitInfo | null): NetworkInfo {
  const prog = staticValue(words[0]);
  const out: NetworkInfo = { network: false, hosts: [] };
  if (prog === null) return out;
  const name = basename(prog);
  const vals = words.slice(1).map((w) => staticValue(w));
  const positionals = vals.filter((v): v is string => v !== null && !v.startsWith("-"));
  const family = own(BY_SUBCOMMAND, own(ALIASES, name) ?? name);
  if (ALWAYS.has(name) || (name === "rsync" && positionals.some((p) => SCP_RE.test(p) || URL_RE.test(p)))) {
    out.network = true;
  } else if (family && positionals[0] !== undefined && family.has(positionals[0])) {
    out.network = true;
  } else if (
    (name === "yarn" || name === "pnpm" || name === "bun") &&
    positionals.length === 0 &&
    vals.length === 0
  ) {
    out.network = true; // bare `yarn` / `pnpm` installs
  } else if (git?.network) {
    out.network = true;
  }
  for (const p of positionals) {
    const url = URL_RE.exec(p);
    if (url?.[1]) out.hosts.push(url[1].toLowerCase());
    else if (out.network && ["ssh", "scp", "sftp", "rsync", "mosh", "ssh-copy-id"].includes(name)) {
      const scp = SCP_RE.exec(p);
      if (scp?.[1]) out.hosts.push(scp[1].toLowerCase());
      else if (name === "ssh" || name === "mosh") {
        out.hosts.push(p.replace(/^[^@]*@/, "").toLowerCase());
        break;
      }
    } else if (
      out.network &&
      [
        "nc",
        "ncat",
        "netcat",
        "telnet",
        "ping",
        "ping6",
        "dig",
        "nslookup",
        "host",
        "whois",
        "traceroute",
        "nmap",
      ].includes(name)
    ) {
      out.hosts.push(p.replace(/^@/, "").toLowerCase());
      break;
    }
  }
  out.hosts = [...new Set(out.hosts)];
  return out;
}

/** `/dev/tcp/host/port` and `/dev/udp/...` redirections open sockets in bash itself. */
export function devSocketHost(path: string): string | null {
  const m = /^\/dev\/(tcp|udp)\/([^/]+)/.exec(path);
  return m?.[2] ?? null;
}
