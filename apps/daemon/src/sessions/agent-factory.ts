import { AgentSession, defaultSystemPrompt, messagesClientFrom } from "@berth/agent";
import { type ParsedParamsOf, type PermissionMode, ProtocolError, type SessionEvent } from "@berth/protocol";
import { mark } from "@berth/protocol/timings";
import {
  type ApiKeyHelperRegistry,
  contextWindow,
  costUsd,
  createModelClient,
  NoCredentialsError,
  type ProviderLogger,
  resolveModel,
} from "@berth/providers";
import type { Store } from "@berth/store";
import { builtinTools, createShellSession, createTodoStore, type ShellSession } from "@berth/tools";
import type { Logger } from "../lifecycle/logger";
import { addLocalAllowRule, formatDiagnostic, type SettingsResult, spendLimitsOf } from "@berth/config";
import type { PermissionEngine } from "@berth/permissions";
import { SessionPolicy } from "../policy/session-policy";
import type { StoredKey } from "../credentials/stored-key";
import type { SettingsService } from "../policy/settings-service";
import type { SpendTracker } from "../spend/spend-tracker";
import { prepareSessionTelemetry, type TelemetryDeps } from "../telemetry/session-telemetry";
import type { ContextRegistry } from "../context/registry";
import { SessionContext } from "../context/session-context";
import { createGate } from "./gate";
import type { LiveSession } from "./live-session";
import { daemonSecrets, redactEvent, trackSessionSecrets } from "../secrets/daemon-secrets";
import type { ModelHistory } from "./model-history";
import { toolEnvironment } from "./session-env";
import { streamIdleOption } from "./stream-idle-setting";
import { type SessionSetup, setUpSession } from "./session-setup";
import type { McpService } from "../mcp/mcp-service";
import { openSessionMcp, withMcpHints } from "../mcp/session-mcp";
import { createWebAccess, ledgerRow } from "./web-access";

type CreateParams = ParsedParamsOf<"session/create">;

export interface PreparedSession {
  model: string;
  permissionMode: PermissionMode;
  toolNames: string[];
  setup: SessionSetup;
  policy: SessionPolicy;
  modeGuard(mode: PermissionMode): string | undefined;
  build(session: LiveSession, history: ModelHistory): AgentSession;
  dispose(): Promise<void>;
}

export interface AgentFactory {
  prepare(params: CreateParams): Promise<PreparedSession>;
}

export interface AgentFactoryDeps {
  store: Store;
  logger: Logger;
  helperRegistry: ApiKeyHelperRegistry;
  settings: SettingsService;
  isTrusted: (projectRoot: string) => boolean;
  /** Resolves the shared engine, loading the shell grammar on first use. */
  engine: () => Promise<PermissionEngine>;
  storedKey: StoredKey;
  mcp?: McpService;
  /** Spend limits across every session; absent in tests that do not need them. */
  spend?: SpendTracker;
  /** Exports the session's metrics and events when its environment turns telemetry on. */
  telemetry?: TelemetryDeps;
  /** Live sessions' memory and hooks, for the `context/*` methods. */
  contexts?: ContextRegistry;
}

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

/**
 * Everything a session needs that depends on the creating client's environment and the
 * folder's settings: model client and credentials, tools with their shell, the policy.
 */
export function createAgentFactory(deps: AgentFactoryDeps): AgentFactory {
  return {
    async prepare(params) {
      mark("session.prepare");
      const setup = setUpSession(params, deps.settings, deps.isTrusted);
      mark("session.settings");
      const effective = setup.settings.effective;
      const env = setup.env;
      const secrets = trackSessionSecrets(env);
      const modelClient = await createModelClient({
        env,
        settings: {
          ...(effective.apiKeyHelper ? { apiKeyHelper: effective.apiKeyHelper } : {}),
          ...(effective.awsAuthRefresh ? { awsAuthRefresh: effective.awsAuthRefresh } : {}),
          ...(effective.awsCredentialExport ? { awsCredentialExport: effective.awsCredentialExport } : {}),
        },
        helperRegistry: deps.helperRegistry,
        storedKey: () => deps.storedKey.read(),
        cwd: setup.cwd,
        logger: providerLogger(deps.logger),
      }).catch((error: unknown) => {
        secrets.release();
        if (error instanceof NoCredentialsError) throw new ProtocolError("NoCredentials", error.message);
        throw error;
      });
      secrets.attach(modelClient);
      mark("session.model-client");
      const resolved = resolveModel({
        ...(params.model ? { flagModel: params.model } : {}),
        ...(typeof effective.model === "string" ? { settingsModel: effective.model } : {}),
        env,
      });
      const model = resolved.model;
      const window = contextWindow(resolved.context1m, env);
      const tools = builtinTools();
      const toolEnv = toolEnvironment(env);
      // Approved servers start now, in parallel with the rest of the session's set-up.
      const mcp = deps.mcp ? await openSessionMcp(deps.mcp, setup, params, toolEnv) : undefined;
      mark("session.tools+mcp");
      let shell: ShellSession | undefined;
      let web: ReturnType<typeof createWebAccess> | undefined;
      let unsubscribe: (() => void) | undefined;
      let context: SessionContext | undefined;
      let sessionBeingBuilt: string | undefined;
      let currentSettings = setup.settings;
      const policy = new SessionPolicy(
        await deps.engine(),
        { cwd: setup.cwd, workingDirectories: setup.workingDirectories, mode: setup.permissionMode },
        setup.settings,
        (rule) => {
          // Untrusted folders and locked-down policy never get rules written on their behalf.
          if (!setup.trusted || !setup.settings.canPersistRules) return undefined;
          return addLocalAllowRule(setup.projectRoot, rule).path;
        },
      );
      mark("session.policy");
      const credential = modelClient.describeCredential();
      const telemetry = await prepareSessionTelemetry(deps.telemetry, {
        clientEnv: params.env,
        sessionEnv: env,
        settings: setup.settings,
      });
      mark("session.telemetry");
      return {
        model,
        permissionMode: setup.permissionMode,
        toolNames: tools.map((t) => t.name),
        setup,
        policy,
        modeGuard(mode) {
          if (mode === "bypassPermissions" && !setup.settings.bypassAllowed) {
            return "Managed policy disables bypassPermissions mode (permissions.disableBypassPermissionsMode).";
          }
          policy.setMode(mode);
          return undefined;
        },
        build(session, { history, storedMessages }) {
          if (window.problem) session.emit({ type: "notice", level: "warning", message: window.problem });
          const persisted = session.snapshot().persisted;
          mcp?.attach(session);
          const observeGate = telemetry.attach(session, { model, resumed: history.length > 0 });
          let spendLimits = spendLimitsOf(setup.settings);
          let modelPrices = setup.settings.effective.modelPrices;
          const unregisterSpend = deps.spend?.register(session.id, {
            limits: () => spendLimits,
            ...(params.maxBudgetUsd !== undefined ? { maxBudgetUsd: params.maxBudgetUsd } : {}),
          });
          context = new SessionContext({
            sessionId: session.id,
            cwd: setup.cwd,
            projectRoot: setup.projectRoot,
            trusted: setup.trusted,
            workingDirectories: setup.workingDirectories,
            locations: deps.settings.memoryLocations(),
            toolEnv,
            settings: () => currentSettings,
            permissionMode: () => session.permissionMode,
            emit: (event) => session.emit(event),
            source: history.length > 0 ? "resume" : "startup",
            isImportApproved: (path) => deps.contexts?.isApproved(setup.projectRoot, path) ?? false,
            ...(deps.mcp ? { processGroups: deps.mcp.registry } : {}),
          });
          const sessionContext = context;
          deps.contexts?.register(session.id, sessionContext);
          sessionBeingBuilt = session.id;
          const unwatch = watchSettingsFor(deps, setup, (result) => {
            currentSettings = result;
            spendLimits = spendLimitsOf(result);
            modelPrices = result.effective.modelPrices;
            policy.updateSettings(result);
            sessionContext.settingsChanged();
            const errors = result.diagnostics.filter((d) => d.severity === "error");
            const message = errors.length
              ? `Settings changed with errors (the last good version stays in force): ${errors.map(formatDiagnostic).join("; ")}`
              : "Settings changed; the new rules apply from the next tool call.";
            session.emit({ type: "notice", level: errors.length ? "error" : "info", message });
          });
          unsubscribe = () => {
            unwatch();
            unregisterSpend?.();
          };
          const ledger = {
            sessionId: session.id,
            provider: modelClient.provider,
            project: setup.projectRoot,
          };
          web = createWebAccess({
            modelClient,
            env,
            // Side requests count like the conversation's own: in the ledger and against limits.
            onUsage: (side) => {
              const row = ledgerRow(
                side,
                { ...ledger, sessionId: persisted ? session.id : null, credentialId: credential.id ?? null },
                modelPrices,
              );
              deps.spend?.record(session.id, row.costUsd ?? 0, undefined);
              deps.store.recordUsage(row);
            },
            beforeRequest: () => deps.spend?.check(session.id),
          });
          const record = (event: SessionEvent) => {
            if (event.type !== "usage") return;
            deps.spend?.record(session.id, event.costUsd, event.priced ? undefined : event.model);
            // Unpersisted sessions are ledger rows without a session link: spend limits and cost
            // reports count them, history does not. A persisted session's row is committed with
            // the usage event (one transaction per step, see GroupCommit).
            const row = {
              sessionId: persisted ? session.id : null,
              model: event.model,
              provider: modelClient.provider,
              ...(credential.id ? { credentialId: credential.id } : {}),
              credentialLabel: credential.source,
              priced: event.priced,
              project: setup.projectRoot,
              inputTokens: event.usage.input_tokens,
              outputTokens: event.usage.output_tokens,
              cacheCreationInputTokens: event.usage.cache_creation_input_tokens,
              cacheReadInputTokens: event.usage.cache_read_input_tokens,
              costUsd: event.costUsd,
              durationMs: event.durationMs,
            };
            session.writeWithEvents("usage ledger row", () => deps.store.recordUsage(row));
          };
          return new AgentSession({
            sessionId: session.id,
            cwd: setup.cwd,
            model,
            messages: messagesClientFrom(modelClient),
            tools,
            ...(mcp
              ? {
                  dynamicTools: (signal: AbortSignal) => mcp.tools(signal),
                  dynamicSystemPrompt: () => mcp.instructions(),
                }
              : {}),
            toolContext: {
              sessionId: session.id,
              cwd: setup.cwd,
              env: toolEnv,
              todos: createTodoStore(),
              web,
              shell: () => {
                shell ??= createShellSession({ cwd: setup.cwd, env: toolEnv });
                return shell;
              },
            },
            gate: observeGate(
              createGate(session, withMcpHints(policy, mcp), deps.store, (message) =>
                sessionContext.notify(message),
              ),
            ),
            emit: (event) => {
              for (const shown of redactEvent(event)) session.emit(shown);
              record(event);
            },
            redactor: daemonSecrets,
            // Written in the same group commit as the events around it.
            onMessage: (message) => {
              if (persisted) session.persistMessage(message as Parameters<Store["appendMessage"]>[1]);
            },
            history,
            storedMessages,
            compaction: { windowTokens: window.tokens, auto: effective.autoCompactEnabled !== false },
            hooks: sessionContext.hooks,
            systemPrompt: () =>
              defaultSystemPrompt({
                cwd: setup.cwd,
                platform: process.platform,
                date: new Date(),
                tools: tools.map((t) => t.name),
                memory: sessionContext.forPrompt(),
                ...(params.systemPromptAppend ? { append: params.systemPromptAppend } : {}),
              }),
            ...(params.maxTurns ? { maxTurns: params.maxTurns } : {}),
            ...streamIdleOption(env, deps.logger),
            beforeRequest: () => deps.spend?.check(session.id),
            cost: (m, usage) => {
              const estimate = costUsd(m, usage, modelPrices);
              return { costUsd: estimate.usd, priced: estimate.priced };
            },
          });
        },
        async dispose() {
          unsubscribe?.();
          await mcp?.dispose();
          secrets.release();
          await telemetry.dispose();
          if (context && sessionBeingBuilt) deps.contexts?.unregister(sessionBeingBuilt, context);
          await context?.dispose();
          await shell?.dispose();
          await web?.close();
          await modelClient.close();
        },
      };
    },
  };
}

/** Re-reads the session's settings whenever one of its files changes. */
function watchSettingsFor(
  deps: AgentFactoryDeps,
  setup: SessionSetup,
  onChange: (result: SettingsResult) => void,
): () => void {
  const request = { cwd: setup.cwd, projectRoot: setup.projectRoot, trusted: setup.trusted, cli: setup.cli };
  return deps.settings.subscribe(request, () => {
    try {
      onChange(deps.settings.load(request));
    } catch (error) {
      deps.logger.error({ err: error }, "settings reload failed");
    }
  });
}
