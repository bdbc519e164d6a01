import { addLocalRule, removeLocalRule } from "@berth/config";
import { type MethodName, ProtocolError } from "@berth/protocol";
import type { Store } from "@berth/store";
import type { StoredKey } from "../credentials/stored-key";
import { projectRootOf } from "../policy/project-root";
import type { SettingsService } from "../policy/settings-service";
import { effectiveJson, toWireDiagnostics, toWireRules } from "../policy/wire";
import type { Handlers } from "./router";

/** Rule advice needs @berth/permissions (the shell analysis), which an idle daemon does not load. */
const loadRuleAdvice = () => import("../policy/rule-advice");

type PolicyMethod = Extract<
  MethodName,
  | "trust/get"
  | "trust/set"
  | "trust/list"
  | "config/get"
  | "permissions/list"
  | "permissions/add"
  | "permissions/remove"
  | "auth/login"
  | "auth/logout"
>;

/**
 * Trust, effective settings, saved rules and the stored API key: what `berth
 * trust|config|permissions|login|logout` show and change.
 */
export function createPolicyHandlers(deps: {
  store: Store;
  settings: SettingsService;
  isTrusted: (projectRoot: string) => boolean;
  storedKey: StoredKey;
}): Pick<Handlers, PolicyMethod> {
  const load = (cwd: string) => {
    const projectRoot = projectRootOf(cwd);
    const trusted = deps.isTrusted(projectRoot);
    return { projectRoot, trusted, result: deps.settings.load({ cwd, projectRoot, trusted }) };
  };
  return {
    "trust/get"(_conn, { cwd }) {
      const folder = projectRootOf(cwd);
      const record = deps.store.getTrust(folder);
      return { folder, trusted: record?.trusted ?? false, decidedAt: record?.trustedAt ?? null };
    },
    "trust/set"(_conn, { cwd, trusted }) {
      const folder = projectRootOf(cwd);
      deps.store.setTrust(folder, trusted);
      return { folder, trusted };
    },
    "trust/list"() {
      return {
        folders: deps.store
          .listTrust()
          .map((t) => ({ folder: t.folder, trusted: t.trusted, decidedAt: t.trustedAt })),
      };
    },
    async "config/get"(_conn, { cwd }) {
      const { projectRoot, trusted, result } = load(cwd);
      const { ruleAdviceDiagnostics } = await loadRuleAdvice();
      return {
        projectRoot,
        trusted,
        effective: effectiveJson(result),
        origins: result.origins.map((o) => ({ key: o.key, value: o.value, layer: o.layer, file: o.file })),
        files: result.files.map((f) => ({
          layer: f.layer,
          path: f.path,
          status: f.status,
          usedLastGood: f.usedLastGood,
        })),
        diagnostics: [...toWireDiagnostics(result), ...ruleAdviceDiagnostics(result.rules)],
        policyError: result.policyError?.message ?? null,
      };
    },
    async "permissions/list"(_conn, { cwd }) {
      const { projectRoot, result } = load(cwd);
      const { ruleAdviceDiagnostics } = await loadRuleAdvice();
      return {
        rules: toWireRules(result.rules, projectRoot),
        diagnostics: [...toWireDiagnostics(result), ...ruleAdviceDiagnostics(result.rules)],
      };
    },
    async "auth/login"(_conn, { apiKey }) {
      await deps.storedKey.save(apiKey);
      return { location: deps.storedKey.location };
    },
    async "auth/logout"() {
      return { removed: await deps.storedKey.remove(), location: deps.storedKey.location };
    },
    "permissions/add"(_conn, { cwd, rule, list }) {
      // The same guards as answering "always": an untrusted folder's settings do not act, and
      // managed policy may reserve rules to itself.
      const { projectRoot, trusted, result } = load(cwd);
      if (!trusted)
        throw new ProtocolError(
          "PolicyRefused",
          `${projectRoot} is not trusted; its local rules would not apply.`,
        );
      if (!result.canPersistRules)
        throw new ProtocolError("PolicyRefused", "Managed policy allows only managed permission rules.");
      const change = addLocalRule(projectRoot, rule, list);
      return { added: change.changed, file: change.path };
    },
    "permissions/remove"(_conn, { cwd, rule }) {
      const change = removeLocalRule(projectRootOf(cwd), rule, "allow");
      return { removed: change.changed, file: change.path };
    },
  };
}
