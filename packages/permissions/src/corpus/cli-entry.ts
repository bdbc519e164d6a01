// Entry bundled by scripts/permissions-corpus.mjs.
export { createPermissionEngine } from "../engine/create.js";
export { resolveRealPath } from "../node/resolve-path.js";
export { corpusRates, formatRates } from "./rates.js";
