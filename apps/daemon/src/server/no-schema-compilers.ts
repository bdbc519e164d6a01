import type { FastifyServerOptions } from "fastify";

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;

function noSchemas(): never {
  throw new Error(
    "The daemon's HTTP routes have no schemas (requests are checked by the guard and the protocol's zod schemas); a route that declares one needs a schema compiler here.",
  );
}

/**
 * Fastify builds ajv and fast-json-stringify compilers unless these are given. No daemon route
 * declares a schema, so they are never called; passing them keeps both libraries unloaded. One
 * that is called anyway fails loudly at startup instead of validating nothing.
 */
export const NO_SCHEMA_COMPILERS: CompilersFactory = {
  buildValidator: () => noSchemas,
  buildSerializer: () => noSchemas,
};
