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
// The libraries the server is made of, likewise (each a few hundred KiB of an idle daemon's
// memory, and Node built-ins compiled at every start):
// - `node:https`, `node:tls` in ws's WebSocket class: used only to open a connection as a client
//   (`initAsClient`); the daemon only accepts them.
// - `node:zlib` in ws's permessage-deflate: used only when that extension is on, and the daemon's
//   WebSocketServer turns it off (apps/daemon/src/server/http.ts).
// - `thread-stream` in pino's transports: transports run in worker threads; the daemon logs
//   through `pino.destination` (apps/daemon/src/lifecycle/logger.ts).
// - `node:worker_threads` in pino's tools, for `isMainThread` alone: the daemon runs pino on its
//   main thread only (it starts no worker threads), so the stub answers true.
// Two more are deferred rather than left out: the stub loads the real module on first use.
// - `node:dns` in fastify's server module: used only to look up the other addresses of a host
//   name it listens on (`multipleBindings`); the daemon listens on a Unix socket.
// - `node:assert` in find-my-way, fastify's plugin utilities and sonic-boom, which only call
//   `assert(value, message)`: the stub checks the value itself and hands a falsy one to the real
//   assert, which throws its own AssertionError.
// Only the named module's require is redirected (anything else asking for these gets the
// real module), to a stub whose every use throws an error naming this file: code that does reach
// one fails loudly instead of misbehaving.

/** A stand-in that `require()`s `module` when one of its properties is first read. */
export function deferred(module) {
  return [
    "let real;",
    `module.exports = new Proxy({}, { get: (_, key) => (real ??= require(${JSON.stringify(module)}))[key] });`,
  ].join("\n");
}

/** An `assert(value, message)` that loads the real `module` only to fail, or for its other parts. */
export function deferredAssert(module) {
  return [
    "let real;",
    `const load = () => (real ??= require(${JSON.stringify(module)}));`,
    "function assert(value, message) {",
    "  if (!value) load()(value, message);",
    "}",
    "module.exports = new Proxy(assert, { get: (_, key) => load()[key] });",
  ].join("\n");
}

const TRIMMED = [
  { module: "@fastify/ajv-compiler", importer: /fastify[\\/]lib[\\/]schema-controller\.js$/ },
  { module: "@fastify/fast-json-stringify-compiler", importer: /fastify[\\/]lib[\\/]schema-controller\.js$/ },
  { module: "light-my-request", importer: /fastify[\\/]fastify\.js$/ },
  { module: "semver", importer: /fastify[\\/]lib[\\/]plugin-utils\.js$/ },
  { module: "@fastify/proxy-addr", importer: /fastify[\\/]lib[\\/]request\.js$/ },
  { module: "node:https", importer: /fastify[\\/]lib[\\/]server\.js$/ },
  { module: "node:http2", importer: /fastify[\\/]lib[\\/]server\.js$/ },
  { module: "https", importer: /ws[\\/]lib[\\/]websocket\.js$/ },
  { module: "tls", importer: /ws[\\/]lib[\\/]websocket\.js$/ },
  { module: "zlib", importer: /ws[\\/]lib[\\/]permessage-deflate\.js$/ },
  { module: "thread-stream", importer: /pino[\\/]lib[\\/]transport\.js$/ },
  { module: "node:dns", importer: /fastify[\\/]lib[\\/]server\.js$/, contents: deferred("node:dns") },
  {
    module: "node:assert",
    importer: /(fastify[\\/]lib[\\/]plugin-utils|find-my-way[\\/](index|lib[\\/].*))\.js$/,
    contents: deferredAssert("node:assert"),
  },
  { module: "assert", importer: /sonic-boom[\\/]index\.js$/, contents: deferredAssert("assert") },
  {
    module: "worker_threads",
    importer: /pino[\\/]lib[\\/]tools\.js$/,
    contents: "module.exports = { isMainThread: true };",
  },
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

export const fastifyTrim = {
  name: "fastify-trim",
  setup(build) {
    const filter = new RegExp(`^(${TRIMMED.map((t) => escapeRegExp(t.module)).join("|")})$`);
    build.onResolve({ filter }, (args) => {
      const trimmed = TRIMMED.find((t) => t.module === args.path && t.importer.test(args.importer));
      return trimmed ? { path: args.path, namespace: "fastify-trim", pluginData: trimmed } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "fastify-trim" }, (args) => {
      if (args.pluginData?.contents) return { contents: args.pluginData.contents, loader: "js" };
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
