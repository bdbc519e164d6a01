// Workspace trust decisions and project MCP server approvals. The store keeps the facts; what
// they mean (e.g. whether trusting a parent covers a child folder) is the caller's policy, helped
// by nearestTrust() which does the ancestor lookup by path segments.
import { dirname, isAbsolute, normalize, parse, sep } from "node:path";
import { invalid } from "./errors.js";
import { lazyTable } from "@berth/protocol/lazy-table";
import type { StoreContext } from "./types.js";

export interface TrustRecord {
  folder: string;
  trusted: boolean;
  /** When the decision was made (trusted or not). */
  trustedAt: number;
}

export type McpDecision = "approved" | "rejected";

export interface McpApproval {
  project: string;
  serverName: string;
  /** Hash of the server's command, args, env and URL: a changed definition must be asked again. */
  definitionHash: string;
  decision: McpDecision;
  decidedAt: number;
  /** JSON of what was decided on, secret values hashed (see @berth/mcp); null for old rows. */
  fingerprint?: string | null;
}

export interface TrustApi {
  setTrust(folder: string, trusted: boolean): TrustRecord;
  getTrust(folder: string): TrustRecord | undefined;
  /** The decision for the folder itself or its closest ancestor that has one. */
  nearestTrust(folder: string): TrustRecord | undefined;
  listTrust(): TrustRecord[];
  revokeTrust(folder: string): boolean;
  setMcpApproval(input: Omit<McpApproval, "decidedAt">): McpApproval;
  getMcpApproval(project: string, serverName: string): McpApproval | undefined;
  listMcpApprovals(project?: string): McpApproval[];
  revokeMcpApproval(project: string, serverName: string): boolean;
}

interface TrustRow {
  folder: string;
  trusted: number;
  trusted_at: number;
}

const toTrust = (r: TrustRow): TrustRecord => ({
  folder: r.folder,
  trusted: r.trusted === 1,
  trustedAt: r.trusted_at,
});

const MCP_COLUMNS =
  "project, server_name AS serverName, definition_hash AS definitionHash, decision, decided_at AS decidedAt, fingerprint";

export function createTrust({ db, now }: StoreContext): TrustApi {
  const s = lazyTable({
    set: () =>
      db.prepare<[string, number, number], TrustRow>(
        `INSERT INTO trust (folder, trusted, trusted_at) VALUES (?, ?, ?)
       ON CONFLICT (folder) DO UPDATE SET trusted = excluded.trusted, trusted_at = excluded.trusted_at
       RETURNING folder, trusted, trusted_at`,
      ),
    get: () =>
      db.prepare<[string], TrustRow>("SELECT folder, trusted, trusted_at FROM trust WHERE folder = ?"),
    list: () => db.prepare<[], TrustRow>("SELECT folder, trusted, trusted_at FROM trust ORDER BY folder"),
    revoke: () => db.prepare<[string]>("DELETE FROM trust WHERE folder = ?"),
    setMcp: () =>
      db.prepare<[Record<string, unknown>], McpApproval>(
        `INSERT INTO mcp_approvals (project, server_name, definition_hash, decision, decided_at, fingerprint)
       VALUES (@project, @serverName, @definitionHash, @decision, @now, @fingerprint)
       ON CONFLICT (project, server_name) DO UPDATE SET definition_hash = excluded.definition_hash,
         decision = excluded.decision, decided_at = excluded.decided_at, fingerprint = excluded.fingerprint
       RETURNING ${MCP_COLUMNS}`,
      ),
    getMcp: () =>
      db.prepare<[string, string], McpApproval>(
        `SELECT ${MCP_COLUMNS} FROM mcp_approvals WHERE project = ? AND server_name = ?`,
      ),
    listMcp: () =>
      db.prepare<[], McpApproval>(`SELECT ${MCP_COLUMNS} FROM mcp_approvals ORDER BY project, server_name`),
    listMcpFor: () =>
      db.prepare<[string], McpApproval>(
        `SELECT ${MCP_COLUMNS} FROM mcp_approvals WHERE project = ? ORDER BY server_name`,
      ),
    revokeMcp: () =>
      db.prepare<[string, string]>("DELETE FROM mcp_approvals WHERE project = ? AND server_name = ?"),
  });

  return {
    setTrust(folder, trusted) {
      return toTrust(s.set.get(checkFolder(folder), trusted ? 1 : 0, now()) as TrustRow);
    },
    getTrust(folder) {
      const row = s.get.get(checkFolder(folder));
      return row && toTrust(row);
    },
    nearestTrust(folder) {
      // Walk up by path segments (dirname), never by string prefix: /a/project-evil is not /a/project.
      let current = checkFolder(folder);
      for (;;) {
        const row = s.get.get(current);
        if (row) return toTrust(row);
        const parent = dirname(current);
        if (parent === current) return undefined;
        current = parent;
      }
    },
    listTrust: () => s.list.all().map(toTrust),
    revokeTrust: (folder) => s.revoke.run(checkFolder(folder)).changes > 0,

    setMcpApproval(input) {
      if (input.decision !== "approved" && input.decision !== "rejected") {
        throw invalid(`Unknown MCP decision '${String(input.decision)}'.`);
      }
      if (!input.project || !input.serverName || !input.definitionHash) {
        throw invalid("An MCP approval needs a project, a server name and a definition hash.");
      }
      return s.setMcp.get({ ...input, fingerprint: input.fingerprint ?? null, now: now() }) as McpApproval;
    },
    getMcpApproval: (project, serverName) => s.getMcp.get(project, serverName),
    listMcpApprovals: (project) => (project === undefined ? s.listMcp.all() : s.listMcpFor.all(project)),
    revokeMcpApproval: (project, serverName) => s.revokeMcp.run(project, serverName).changes > 0,
  };
}

/** Absolute, normalised, without a trailing separator, so one folder has one spelling. */
function checkFolder(folder: string): string {
  if (typeof folder !== "string" || !isAbsolute(folder)) {
    throw invalid(`A trust decision needs an absolute folder path, got '${String(folder)}'.`);
  }
  const n = normalize(folder);
  return n !== parse(n).root && n.endsWith(sep) ? n.slice(0, -1) : n;
}
