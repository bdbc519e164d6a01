import type { MethodName } from "@berth/protocol";
import {
  type ApiKeyHelperRegistry,
  describeCredential,
  NoCredentialsError,
  resolveAnthropicCredential,
  resolveModel,
  resolveProvider,
} from "@berth/providers";
import type { StoredKey } from "../credentials/stored-key";
import { projectRootOf } from "../policy/project-root";
import type { SettingsService } from "../policy/settings-service";
import type { Handlers } from "./router";

/** What `berth doctor` asks the daemon: the credential and model a session here would get. */
export function createDoctorHandlers(deps: {
  settings: SettingsService;
  isTrusted: (projectRoot: string) => boolean;
  storedKey: StoredKey;
  helperRegistry: ApiKeyHelperRegistry;
}): Pick<Handlers, Extract<MethodName, "auth/status">> {
  return {
    async "auth/status"(_conn, { cwd, env }) {
      const projectRoot = projectRootOf(cwd);
      const settings = deps.settings.load({ cwd, projectRoot, trusted: deps.isTrusted(projectRoot) });
      const merged = { ...env, ...settings.effective.env };
      const provider = resolveProvider(merged);
      const model = resolveModel({
        env: merged,
        ...(typeof settings.effective.model === "string" ? { settingsModel: settings.effective.model } : {}),
      }).model;
      if (provider !== "anthropic") {
        return {
          provider,
          credential: `${provider} credential chain (checked on the first request)`,
          model,
          problem: null,
        };
      }
      try {
        const credential = await resolveAnthropicCredential({
          env: merged,
          cwd,
          helperRegistry: deps.helperRegistry,
          storedKey: () => deps.storedKey.read(),
          ...(settings.effective.apiKeyHelper ? { apiKeyHelper: settings.effective.apiKeyHelper } : {}),
        });
        return { provider, credential: describeCredential(credential).display, model, problem: null };
      } catch (error) {
        const problem = error instanceof NoCredentialsError ? "no credentials" : (error as Error).message;
        return { provider, credential: null, model, problem };
      }
    },
  };
}
