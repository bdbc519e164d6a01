// The session machinery (agent loop, tools and their schemas, session policy, MCP per session)
// is a large part of the daemon's code, and building it at import costs heap an idle daemon keeps
// for as long as it runs. It loads with the first session instead, or right after ready when the
// daemon was started to serve one (`--prewarm`), so that first prompt does not wait for it.
import type { AgentFactory, AgentFactoryDeps } from "./agent-factory";

export const loadLiveSession = () => import("./live-session");
export const loadResume = () => import("./resume");
const loadAgentFactory = () => import("./agent-factory");

/** An AgentFactory whose implementation is imported on the first `prepare`. */
export function lazyAgentFactory(deps: AgentFactoryDeps): AgentFactory {
  let factory: Promise<AgentFactory> | undefined;
  return {
    async prepare(params) {
      factory ??= loadAgentFactory().then(({ createAgentFactory }) => createAgentFactory(deps));
      return (await factory).prepare(params);
    },
  };
}

/** Loads every module a first session needs (for `--prewarm`). */
export async function prewarmSessionModules(): Promise<void> {
  await Promise.all([loadAgentFactory(), loadLiveSession(), loadResume()]);
}
