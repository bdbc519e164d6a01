// What an approval is bound to. The fingerprint holds the definition after expansion, with every
// secret-bearing value (env values, header values, URL credentials) replaced by a hash: enough to
// say *what* changed since the last approval without ever storing or showing the secret itself.
import { createHash } from "node:crypto";
import type { ServerDefinition } from "../config/server-schema.js";

export interface Fingerprint {
  transport: "stdio" | "http" | "sse";
  command?: string;
  args?: string[];
  /** Key → short hash of the value. */
  env?: Record<string, string>;
  url?: string;
  /** Hash of the full URL, so a changed credential inside it is a change too. */
  urlHash?: string;
  headers?: Record<string, string>;
  headersHelper?: string;
}

const digest = (text: string) => createHash("sha256").update(text).digest("hex");
const short = (text: string) => digest(text).slice(0, 16);

const hashValues = (record: Record<string, string>) =>
  Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, short(record[k]!)]),
  );

/** A URL safe to show and log: user info and query values are masked. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, "***");
    return url.toString();
  } catch {
    // Not a URL we can take apart: show nothing that might be a credential.
    return raw.replace(/\/\/[^/@]*@/, "//***@").replace(/\?.*$/, "?***");
  }
}

export function fingerprintOf(definition: ServerDefinition): Fingerprint {
  if (definition.transport === "stdio") {
    return {
      transport: "stdio",
      command: definition.command,
      args: definition.args,
      env: hashValues(definition.env),
    };
  }
  return {
    transport: definition.transport,
    url: redactUrl(definition.url),
    urlHash: short(definition.url),
    headers: hashValues(definition.headers),
    ...(definition.headersHelper ? { headersHelper: definition.headersHelper } : {}),
  };
}

/** Field order is fixed and record keys are sorted, so equal definitions hash equally. */
export function definitionHash(definition: ServerDefinition): string {
  return digest(JSON.stringify(fingerprintOf(definition)));
}

/** Human-readable differences between an approved fingerprint and the current one. */
export function describeChanges(before: Fingerprint, after: Fingerprint): string[] {
  const changes: string[] = [];
  if (before.transport !== after.transport)
    changes.push(`transport ${before.transport} → ${after.transport}`);
  if (before.command !== after.command)
    changes.push(`command ${before.command ?? "(none)"} → ${after.command ?? "(none)"}`);
  if (JSON.stringify(before.args ?? []) !== JSON.stringify(after.args ?? []))
    changes.push(`arguments ${JSON.stringify(before.args ?? [])} → ${JSON.stringify(after.args ?? [])}`);
  changes.push(...recordChanges("env", before.env ?? {}, after.env ?? {}));
  if (before.url !== after.url) changes.push(`url ${before.url ?? "(none)"} → ${after.url ?? "(none)"}`);
  else if (before.urlHash !== after.urlHash) changes.push("url credentials or query values changed");
  changes.push(...recordChanges("header", before.headers ?? {}, after.headers ?? {}));
  if (before.headersHelper !== after.headersHelper) changes.push("headersHelper changed");
  return changes;
}

function recordChanges(
  what: string,
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  const out: string[] = [];
  for (const key of Object.keys(after)) {
    if (!(key in before)) out.push(`${what} ${key} added`);
    else if (before[key] !== after[key]) out.push(`${what} ${key} value changed`);
  }
  for (const key of Object.keys(before)) if (!(key in after)) out.push(`${what} ${key} removed`);
  return out;
}
