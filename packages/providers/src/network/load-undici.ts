// undici is about 1 MB of code that only proxied, custom-CA or mTLS requests and uploads need,
// so it loads with the first of them instead of with the daemon.
import type * as Undici from "undici";

export type UndiciModule = Pick<typeof Undici, "Agent" | "ProxyAgent" | "fetch">;

let loading: Promise<UndiciModule> | undefined;

/**
 * undici is CommonJS. Node gives import() of it named exports, but a bundle's chunk for it
 * exports only `default` (module.exports), so both shapes are accepted.
 */
export function loadUndici(): Promise<UndiciModule> {
  loading ??= import("undici").then((m) => {
    const exports = (m as { default?: UndiciModule }).default ?? m;
    if (typeof exports.Agent !== "function") throw new Error("undici did not load: no Agent export");
    return exports;
  });
  return loading;
}
