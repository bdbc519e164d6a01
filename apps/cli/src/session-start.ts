// What the entry loads, in one chunk, for a run that opens a session (`-p`, interactive, resume):
// the early daemon start and the code-cached command line.
export { startEarly } from "./early-start";
export { loadCachedProgram } from "./program-loader";
