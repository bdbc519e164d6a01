import { z } from "zod";
import { lazy } from "./lazy-table";

/** Methods about what the project tells a session: memory files and hooks (part of the method table). */

const SessionRef = lazy(() => z.object({ sessionId: z.string().min(1) }));

export const MemoryFileEntry = lazy(() =>
  z.object({
    /** 1-based, as `/memory <n>` uses it. */
    index: z.number().int(),
    path: z.string(),
    origin: z.enum(["managed", "user", "project", "local", "subfolder", "import"]),
    importedFrom: z.string().optional(),
    lines: z.number().int(),
  }),
);
export type MemoryFileEntry = z.infer<ReturnType<typeof MemoryFileEntry>>;

export const HookEntry = lazy(() =>
  z.object({
    event: z.string(),
    matcher: z.string(),
    type: z.string(),
    command: z.string(),
    source: z.string(),
    sourceKind: z.string(),
    inactive: z.string().optional(),
  }),
);
export type HookEntry = z.infer<ReturnType<typeof HookEntry>>;

export const contextMethods = {
  "context/memory": () => ({
    params: SessionRef(),
    result: z.object({
      /** False until the session's first message loads its context. */
      loaded: z.boolean(),
      files: z.array(MemoryFileEntry()),
      problems: z.array(z.object({ kind: z.string(), path: z.string(), message: z.string() })),
      pendingImports: z
        .array(z.string())
        .describe("Imports outside the working directories awaiting approval."),
      /** Where `#` notes can be written, most specific last. */
      targets: z.array(z.object({ scope: z.enum(["project", "local", "user"]), path: z.string() })),
    }),
    doc: "The memory files a session loaded, in order, with their origin (`/memory`).",
  }),
  "context/approveImports": () => ({
    params: SessionRef().extend({ paths: z.array(z.string().min(1)).min(1) }),
    result: z.object({ approved: z.array(z.string()) }),
    doc: "Approves @imports outside the working directories for the project (trusted folders only) and reloads memory.",
  }),
  "context/remember": () => ({
    params: SessionRef().extend({
      scope: z.enum(["project", "local", "user"]),
      text: z.string().min(1).max(10_000),
    }),
    result: z.object({ path: z.string() }),
    doc: "Appends a line to a memory file (the `#` prompt prefix); the session reloads it.",
  }),
  "context/hooks": () => ({
    params: SessionRef(),
    result: z.object({
      hooks: z.array(HookEntry()),
      pending: z
        .array(HookEntry())
        .describe("Added or changed since the session started; they run once accepted."),
    }),
    doc: "Hooks configured for the session's folder, from which file, and why any do not run (`/hooks`).",
  }),
  "context/acceptHooks": () => ({
    params: SessionRef(),
    result: z.object({ accepted: z.number().int() }),
    doc: "Accepts the hooks added or changed in the settings since the session started (`/hooks accept`).",
  }),
} as const;
