/** The Berth release: the CLI, the daemon and the protocol package ship together under one version. */
export const BERTH_VERSION = "0.1.0";
