// `context/*` methods: what `/memory`, `/hooks` and the `#` prompt prefix show and change.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type MethodName, ProtocolError } from "@berth/protocol";
import type { Handlers } from "../server/router";
import type { ContextRegistry } from "./registry";
import type { SessionContext } from "./session-context";

type ContextMethod = Extract<MethodName, `context/${string}`>;

export function createContextHandlers(registry: ContextRegistry): Pick<Handlers, ContextMethod> {
  const contextOf = (sessionId: string): SessionContext | undefined => registry.get(sessionId);
  const require = (sessionId: string): SessionContext => {
    const context = contextOf(sessionId);
    if (!context)
      throw new ProtocolError(
        "SessionNotFound",
        `Session ${sessionId} is not live or has not started yet; send it a message first.`,
      );
    return context;
  };
  return {
    "context/memory"(_conn, { sessionId }) {
      const context = contextOf(sessionId);
      if (!context) return { loaded: false, files: [], problems: [], pendingImports: [], targets: [] };
      return {
        loaded: true,
        files: context.memory.files.map((file, i) => ({
          index: i + 1,
          path: file.path,
          origin: file.origin,
          ...(file.importedFrom ? { importedFrom: file.importedFrom } : {}),
          lines: file.content.split("\n").length,
        })),
        problems: context.memory.problems.map((p) => ({ kind: p.kind, path: p.path, message: p.message })),
        pendingImports: [...context.memory.pendingImports],
        targets: rememberTargets(context),
      };
    },
    "context/approveImports"(_conn, { sessionId, paths }) {
      const context = require(sessionId);
      if (!context.options.trusted)
        throw new ProtocolError(
          "PolicyRefused",
          "Imports from outside the project are never loaded in an untrusted folder.",
        );
      // Only what the session actually asked about can be approved, never an arbitrary path.
      const approved = paths.filter((p) => context.memory.pendingImports.includes(p));
      registry.approve(context.options.projectRoot, approved);
      if (approved.length > 0) context.memory.reload();
      return { approved };
    },
    "context/remember"(_conn, { sessionId, scope, text }) {
      const context = require(sessionId);
      const target = rememberTargets(context).find((t) => t.scope === scope);
      if (!target) throw new ProtocolError("InvalidParams", `No ${scope} memory file for this session.`);
      mkdirSync(dirname(target.path), { recursive: true });
      const line = `- ${text.replace(/\s*\n\s*/g, " ").trim()}\n`;
      const needsNewline = existsSync(target.path) && !readFileSync(target.path, "utf8").endsWith("\n");
      appendFileSync(target.path, (needsNewline ? "\n" : "") + line, { mode: 0o644 });
      context.memory.reload();
      return { path: target.path };
    },
    async "context/hooks"(_conn, { sessionId }) {
      const context = require(sessionId);
      // A live session has loaded @berth/context already; an idle daemon does not import it.
      const { listHooks } = await import("@berth/context");
      return {
        hooks: listHooks(context.hooksConfig(), context.hookSwitches()),
        pending: listHooks(context.pendingHooks(), context.hookSwitches()),
      };
    },
    "context/acceptHooks"(_conn, { sessionId }) {
      return { accepted: require(sessionId).acceptHooks() };
    },
  };
}

function rememberTargets(context: SessionContext) {
  const { projectRoot, locations } = context.options;
  return [
    { scope: "user" as const, path: join(locations.berthHome, "CLAUDE.md") },
    { scope: "project" as const, path: join(projectRoot, "CLAUDE.md") },
    { scope: "local" as const, path: join(projectRoot, "CLAUDE.local.md") },
  ];
}
