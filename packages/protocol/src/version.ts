// Also exported alone as `@berth/protocol/version`: `berth --version` prints these without
// loading zod and the schemas (a code-split bundle cannot tell that the index's other modules
// are unused, so importing the index would pull them into the entry's chunk).
/** The Berth release: the CLI, the daemon and the protocol package ship together under one version. */
export const BERTH_VERSION = "0.1.0";
/** The protocol version this package speaks. Bump on any incompatible change. */
export const PROTOCOL_VERSION = "1";
