// An esbuild plugin that leaves out of the daemon bundle the parts of fastify the daemon never
// runs, so it neither parses them nor runs their module code at every start. fastify require()s
// some of them lazily, but a bundle carries every module it can reach:
// - `@fastify/ajv-compiler`, `@fastify/fast-json-stringify-compiler` (ajv, fast-json-stringify,
//   fast-uri; ~450 KB): built only when no `schemaController.compilersFactory` is passed. The
//   daemon passes one (apps/daemon/src/server/no-schema-compilers.ts): no route has a schema.
// - `light-my-request`: loaded only by `app.inject()`, which the daemon never calls.
// - `semver` (~70 KB, and it parses a dozen ranges when loaded): fastify uses it only to check
//   the version range a plugin declares; the daemon registers no plugins.
// - `@fastify/proxy-addr` (with ipaddr.js, which builds address tables when loaded): used only
//   with the `trustProxy` option; nothing proxies the daemon's local socket.
// - `node:https`, `node:http2` (loading them costs a few ms of Node's own start): fastify's
//   server module uses them only for the `https`/`http2` options; the daemon speaks plain HTTP
//   over a Unix socket or loopback, and passes its own `serverFactory` anyway.
// Only the named fastify module's require is redirected (anything else asking for these gets the
// real module), to a stub whose every use throws an error naming this file: code that does reach
// one fails loudly instead of misbehaving.
const TRIMMED = [
  { module: "@fastify/ajv-compiler", importer: /fastify[\\/]lib[\\/]schema-controller\.js$/ },
  { module: "@fastify/fast-json-stringify-compiler", importer: /fastify[\\/]lib[\\/]schema-controller\.js$/ },
  { module: "light-my-request", importer: /fastify[\\/]fastify\.js$/ },
  { module: "semver", importer: /fastify[\\/]lib[\\/]plugin-utils\.js$/ },
  { module: "@fastify/proxy-addr", importer: /fastify[\\/]lib[\\/]request\.js$/ },
  { module: "node:https", importer: /fastify[\\/]lib[\\/]server\.js$/ },
  { module: "node:http2", importer: /fastify[\\/]lib[\\/]server\.js$/ },
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

export const fastifyTrim = {
  name: "fastify-trim",
  setup(build) {
    const filter = new RegExp(`^(${TRIMMED.map((t) => escapeRegExp(t.module)).join("|")})$`);
    build.onResolve({ filter }, (args) => {
      const trimmed = TRIMMED.some((t) => t.module === args.path && t.importer.test(args.importer));
      return trimmed ? { path: args.path, namespace: "fastify-trim" } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "fastify-trim" }, (args) => {
      const message = `${args.path} is left out of the daemon bundle (scripts/lib/fastify-trim.mjs).`;
      return {
        // Callable (the compiler factories) and with every property a function (semver.satisfies,
        // https.createServer), each of which throws.
        contents: [
          `const fail = () => { throw new Error(${JSON.stringify(message)}); };`,
          "module.exports = new Proxy(fail, { get: () => fail });",
        ].join("\n"),
        loader: "js",
      };
    });
  },
};
