import { z } from "zod";
import { lazy } from "./lazy-table";

/** Methods about workspace trust, effective settings and permission rules (part of the method table). */

const Cwd = lazy(() =>
  z.object({ cwd: z.string().min(1).describe("Absolute folder the question is about.") }),
);

export const Diagnostic = lazy(() =>
  z.object({
    severity: z.enum(["error", "warning", "info"]),
    code: z.string(),
    file: z.string().nullable(),
    keyPath: z.string().nullable(),
    line: z.number().int().nullable(),
    message: z.string(),
  }),
);
export type Diagnostic = z.infer<ReturnType<typeof Diagnostic>>;

export const RuleEntry = lazy(() =>
  z.object({
    text: z.string(),
    list: z.enum(["allow", "ask", "deny"]),
    layer: z.string(),
    file: z.string(),
    /** True for rules saved by "allow always" answers, which `permissions/remove` can delete. */
    removable: z.boolean(),
    problem: z.string().optional(),
  }),
);
export type RuleEntry = z.infer<ReturnType<typeof RuleEntry>>;

export const policyMethods = {
  "trust/get": () => ({
    params: Cwd(),
    result: z.object({
      folder: z.string().describe("The trust key: the git root, else the folder itself."),
      trusted: z.boolean(),
      decidedAt: z.number().nullable(),
    }),
    doc: "Whether a folder is trusted. Until it is, nothing from its project settings can act except deny/ask rules.",
  }),
  "trust/set": () => ({
    params: Cwd().extend({ trusted: z.boolean() }),
    result: z.object({ folder: z.string(), trusted: z.boolean() }),
    doc: "Records the user's trust decision for the folder's trust key.",
  }),
  "trust/list": () => ({
    params: z.object({}).default({}),
    result: z.object({
      folders: z.array(z.object({ folder: z.string(), trusted: z.boolean(), decidedAt: z.number() })),
    }),
    doc: "Every recorded trust decision.",
  }),
  "config/get": () => ({
    params: Cwd(),
    result: z.object({
      projectRoot: z.string(),
      trusted: z.boolean(),
      effective: z.record(z.string(), z.unknown()),
      origins: z.array(
        z.object({ key: z.string(), value: z.unknown(), layer: z.string(), file: z.string().nullable() }),
      ),
      files: z.array(
        z.object({ layer: z.string(), path: z.string(), status: z.string(), usedLastGood: z.boolean() }),
      ),
      diagnostics: z.array(Diagnostic()),
      policyError: z.string().nullable(),
    }),
    doc: "The effective settings for a folder, each value with the file that set it, and every diagnostic.",
  }),
  "permissions/list": () => ({
    params: Cwd(),
    result: z.object({ rules: z.array(RuleEntry()), diagnostics: z.array(Diagnostic()) }),
    doc: "Effective permission rules for a folder with the file each came from.",
  }),
  "permissions/add": () => ({
    params: Cwd().extend({
      rule: z.string().min(1).max(1000),
      list: z.enum(["allow", "ask", "deny"]).default("allow"),
    }),
    result: z.object({ added: z.boolean(), file: z.string() }),
    doc: "Saves a rule in the project's .claude/settings.local.json (`/permissions add`). Refused (PolicyRefused) for an untrusted folder or when managed policy allows only managed rules.",
  }),
  "permissions/remove": () => ({
    params: Cwd().extend({ rule: z.string().min(1) }),
    result: z.object({ removed: z.boolean(), file: z.string() }),
    doc: "Removes a saved allow rule from the project's .claude/settings.local.json.",
  }),
} as const;

/** `berth login` / `berth logout`: the stored API key, used after env and apiKeyHelper. */
export const authMethods = {
  "auth/login": () => ({
    params: z.object({ apiKey: z.string().min(8).max(1000).regex(/^\S+$/, "an API key has no spaces") }),
    result: z.object({ location: z.string() }),
    doc: "Stores an API key for this user (macOS keychain, elsewhere a 0600 file in the Berth home).",
  }),
  "auth/logout": () => ({
    params: z.object({}).default({}),
    result: z.object({ removed: z.boolean(), location: z.string() }),
    doc: "Removes the stored API key.",
  }),
} as const;

/** `berth doctor`: which credential and model a session started here would use (never the secret). */
export const doctorMethods = {
  "auth/status": () => ({
    params: z.object({
      cwd: z.string().min(1),
      env: z.record(z.string(), z.string()).default({}),
    }),
    result: z.object({
      provider: z.enum(["anthropic", "bedrock", "vertex"]),
      /** e.g. "env:ANTHROPIC_API_KEY (id 1a2b3c4d)"; null when nothing is configured. */
      credential: z.string().nullable(),
      model: z.string(),
      problem: z.string().nullable(),
    }),
    doc: "Describes the credential and model a new session in this folder would use, without revealing secrets.",
  }),
} as const;
