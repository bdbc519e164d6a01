// Declaring tools and validating the model's input. Every tool goes through defineTool, so input
// validation, interrupt checks and "never throw past execute" are written once.
import { z } from "zod";
import type { ToolContext, ToolDefinition, ToolResult } from "./types.js";

export function errorResult(content: string, display?: unknown): ToolResult {
  return display === undefined ? { content, isError: true } : { content, isError: true, display };
}

export const INTERRUPTED = "Interrupted by the user.";

/**
 * Parsed inputs and the schema that produced them. The schema's output is a fresh object, so an
 * entry can only say "this exact object passed this schema".
 */
const validatedBy = new WeakMap<object, z.ZodType>();

/** JSON Schema for the API: zod's output without `$schema` and without the safe-integer bounds zod adds to every int. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const clean = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(clean);
    if (!node || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$schema") continue;
      if ((key === "maximum" || key === "minimum") && Math.abs(value as number) === Number.MAX_SAFE_INTEGER)
        continue;
      out[key] = clean(value);
    }
    return out;
  };
  return clean(z.toJSONSchema(schema, { io: "input" })) as Record<string, unknown>;
}

export function defineTool<S extends z.ZodType>(spec: {
  name: string;
  description: string;
  schema: S;
  readOnly: boolean;
  run: (input: z.output<S>, ctx: ToolContext) => Promise<ToolResult>;
}): ToolDefinition<z.output<S>> {
  let jsonSchema: Record<string, unknown> | undefined;
  const tool: ToolDefinition<z.output<S>> = {
    name: spec.name,
    description: spec.description,
    inputSchema: spec.schema as unknown as z.ZodType<z.output<S>>,
    // Converted on first use: tools are defined at module load, and converting every schema
    // there cost the daemon's start about 20 ms before it could serve anything.
    get jsonSchema() {
      jsonSchema ??= toJsonSchema(spec.schema);
      return jsonSchema;
    },
    readOnly: spec.readOnly,
    async execute(input, ctx) {
      // Callers normally validate with parseToolInput first (the agent does, before the
      // permission check); input that came out of this tool's schema is not validated twice.
      // Anything else is, which keeps execute safe for callers that did not.
      let valid = input;
      if (validatedBy.get(input as object) !== spec.schema) {
        const parsed = parseToolInput(tool, input);
        if (!parsed.ok) return errorResult(parsed.message);
        valid = parsed.input;
      }
      if (ctx.signal.aborted) return errorResult(INTERRUPTED);
      try {
        return await spec.run(valid, ctx);
      } catch (error) {
        if (ctx.signal.aborted) return errorResult(INTERRUPTED);
        return errorResult(`${spec.name} failed: ${(error as Error)?.message ?? String(error)}`);
      }
    },
  };
  return tool;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join(".") : "input";
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
    return `${where}: required (${issue.expected === "int" ? "integer" : issue.expected})`;
  }
  return `${where}: ${issue.message.replace(/^Invalid input: /, "").replace("expected int,", "expected an integer,")}`;
}

/** "file_path (string, required), offset (integer)": what the schema wants, for error messages. */
function expectedParameters(schema: Record<string, unknown>): string {
  const props = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props)
    .map(
      ([name, p]) =>
        `${name} (${[p.type ?? "any", required.has(name) ? "required" : ""].filter(Boolean).join(", ")})`,
    )
    .join(", ");
}

/**
 * Validates raw tool input from the model. Failures come back as one message that names every
 * problem, flags unknown parameter names (a frequent slip: `path` for `file_path`) and lists what
 * the tool expects, so the model can correct itself in one try.
 */
export function parseToolInput<I>(
  tool: Pick<ToolDefinition<I>, "name" | "inputSchema" | "jsonSchema">,
  raw: unknown,
): { ok: true; input: I } | { ok: false; message: string } {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value); // some providers hand over the arguments as a JSON string
    } catch {
      // leave it; the schema reports the type error
    }
  }
  const result = tool.inputSchema.safeParse(value ?? {});
  if (result.success) {
    if (typeof result.data === "object" && result.data !== null)
      validatedBy.set(result.data, tool.inputSchema);
    return { ok: true, input: result.data };
  }
  const problems = result.error.issues.map(describeIssue);
  const known = Object.keys((tool.jsonSchema.properties ?? {}) as object);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const unknown = Object.keys(value).filter((k) => !known.includes(k));
    if (unknown.length)
      problems.push(`unknown parameter${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
  }
  return {
    ok: false,
    message: `Invalid input for ${tool.name}: ${problems.join("; ")}. Expected parameters: ${expectedParameters(tool.jsonSchema)}.`,
  };
}
