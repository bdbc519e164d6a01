// Whether a configured server may start, and why not. Pure: the caller supplies trust, the
// approval-relevant settings (user and local layers only: a repository cannot approve its own
// servers), managed policy and the stored approval. Anything not clearly approved stays off.
import type { ConfiguredServer } from "../config/server-schema.js";
import { definitionHash, describeChanges, type Fingerprint, fingerprintOf } from "./fingerprint.js";
import { type ManagedMcpPolicy, managedVerdict } from "./managed-policy.js";

export type ApprovalState =
  /** May start. */
  | "approved"
  /** A project server waiting for the user's answer. */
  | "pending"
  /** The user (or `disabledMcpjsonServers`) said no. */
  | "rejected"
  /** Managed policy forbids it. */
  | "denied"
  /** The project folder is not trusted, so none of its servers start. */
  | "untrusted"
  /** Uses a variable that is not set. */
  | "incomplete";

export interface ApprovalSettings {
  enableAllProjectMcpServers?: boolean;
  enabledMcpjsonServers?: readonly string[];
  disabledMcpjsonServers?: readonly string[];
}

export interface StoredDecision {
  definitionHash: string;
  decision: "approved" | "rejected";
  fingerprint?: string | null;
}

export interface ApprovalInput {
  server: ConfiguredServer;
  trusted: boolean;
  settings: ApprovalSettings;
  managed: ManagedMcpPolicy;
  stored?: StoredDecision;
}

export interface ApprovalVerdict {
  state: ApprovalState;
  reason: string;
  hash: string;
  /** For a pending server that was approved before with another definition. */
  changes?: string[];
}

export function decideApproval({
  server,
  trusted,
  settings,
  managed,
  stored,
}: ApprovalInput): ApprovalVerdict {
  const hash = definitionHash(server.definition);
  const verdict = managedVerdict(managed, server);
  if (!verdict.allowed)
    return { state: "denied", reason: `denied by managed policy (${verdict.rule})`, hash };
  if (server.missingVars.length)
    return { state: "incomplete", reason: `unset variable ${server.missingVars.join(", ")}`, hash };
  if (server.scope !== "project") return { state: "approved", reason: `${server.scope} server`, hash };
  if (!trusted) return { state: "untrusted", reason: "the project folder is not trusted", hash };
  if (settings.disabledMcpjsonServers?.includes(server.name))
    return { state: "rejected", reason: "listed in disabledMcpjsonServers", hash };
  if (stored?.definitionHash === hash) {
    return stored.decision === "approved"
      ? { state: "approved", reason: "approved by you", hash }
      : { state: "rejected", reason: "rejected by you", hash };
  }
  if (settings.enabledMcpjsonServers?.includes(server.name))
    return { state: "approved", reason: "listed in enabledMcpjsonServers", hash };
  if (settings.enableAllProjectMcpServers === true)
    return { state: "approved", reason: "enableAllProjectMcpServers", hash };
  if (stored) {
    const changes = changesSince(stored.fingerprint, fingerprintOf(server.definition));
    return { state: "pending", reason: "its definition changed since you decided", hash, changes };
  }
  return { state: "pending", reason: "not approved yet", hash };
}

function changesSince(stored: string | null | undefined, now: Fingerprint): string[] {
  if (!stored) return ["the definition changed (the earlier one was not recorded)"];
  try {
    return describeChanges(JSON.parse(stored) as Fingerprint, now);
  } catch {
    return ["the definition changed (the earlier one could not be read)"];
  }
}
