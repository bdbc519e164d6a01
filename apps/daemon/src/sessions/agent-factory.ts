import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { AgentSession, defaultSystemPrompt, messagesClientFrom } from "@berth/agent";
import { type ParsedParamsOf, type PermissionMode, ProtocolError } from "@berth/protocol";
import {
  type ApiKeyHelperRegistry,
  costUsd,
  createModelClient,
  NoCredentialsError,
  type ProviderLogger,
  resolveModel,
} from "@berth/providers";
import type { Store } from "@berth/store";
import { builtinTools, createShellSession, createTodoStore, type ShellSession } from "@berth/tools";
import type { Logger } from "../lifecycle/logger";
import { createGate, type Policy } from "./gate";
import type { LiveSession } from "./live-session";
import { minimalDecide } from "./minimal-gate";
import { toolEnvironment } from "./session-env";

type CreateParams = ParsedParamsOf<"session/create">;

/** Providers log (message, fields); pino takes (fields, message). */
function providerLogger(logger: Logger): ProviderLogger {
  const child = logger.child({ component: "providers" });
  return {
    debug: (m, f) => child.debug(f ?? {}, m),
    info: (m, f) => child.info(f ?? {}, m),
    warn: (m, f) => child.warn(f ?? {}, m),
    error: (m, f) => child.error(f ?? {}, m),
  };
}

export interface PreparedSession {
  model: string;
  permissionMode: PermissionMode;
  toolNames: string[];
  build(session: LiveSession, history: MessageParam[]): AgentSession;
  dispose(): Promise<void>;
}

export interface AgentFactory {
  prepare(params: CreateParams): Promise<PreparedSession>;
}

/**
 * Everything a session needs that depends on the creating client's environment:
 * model client and credentials, tools with their shell, and the permission policy.
 */
export function createAgentFactory(deps: {
  store: Store;
  logger: Logger;
  helperRegistry: ApiKeyHelperRegistry;
}): AgentFactory {
  return {
    async prepare(params) {
      const env = params.env;
      const modelClient = await createModelClient({
        env,
        helperRegistry: deps.helperRegistry,
        cwd: params.cwd,
        logger: providerLogger(deps.logger),
      }).catch((error: unknown) => {
        if (error instanceof NoCredentialsError) throw new ProtocolError("NoCredentials", error.message);
        throw error;
      });
      const model = resolveModel({
        ...(params.model ? { flagModel: params.model } : {}),
        env,
      }).model;
      const permissionMode: PermissionMode = params.permissionMode ?? "default";
      const tools = builtinTools();
      const workingDirs = [params.cwd, ...params.addDirs];
      const toolEnv = toolEnvironment(env);
      let shell: ShellSession | undefined;
      const policy: Policy = (tool, input) => minimalDecide(tool, input, params.cwd, workingDirs);
      return {
        model,
        permissionMode,
        toolNames: tools.map((t) => t.name),
        build(session, history) {
          return new AgentSession({
            sessionId: session.id,
            cwd: params.cwd,
            model,
            messages: messagesClientFrom(modelClient),
            tools,
            toolContext: {
              sessionId: session.id,
              cwd: params.cwd,
              env: toolEnv,
              todos: createTodoStore(),
              shell: () => {
                shell ??= createShellSession({ cwd: params.cwd, env: toolEnv });
                return shell;
              },
            },
            gate: createGate(session, policy, session.interactive ? deps.store : deps.store),
            emit: (event) => session.emit(event),
            onMessage: (message) => {
              if (session.snapshot().persisted) {
                deps.store.appendMessage(session.id, message as Parameters<Store["appendMessage"]>[1]);
              }
            },
            history,
            systemPrompt: defaultSystemPrompt({
              cwd: params.cwd,
              platform: process.platform,
              date: new Date(),
              tools: tools.map((t) => t.name),
              ...(params.systemPromptAppend ? { append: params.systemPromptAppend } : {}),
            }),
            ...(params.maxTurns ? { maxTurns: params.maxTurns } : {}),
            cost: (m, usage) => {
              const estimate = costUsd(m, usage);
              return { costUsd: estimate.usd, priced: estimate.priced };
            },
          });
        },
        async dispose() {
          shell?.dispose();
          await modelClient.close();
        },
      };
    },
  };
}
