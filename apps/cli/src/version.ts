import { BERTH_VERSION, PROTOCOL_VERSION } from "@berth/protocol/version";

export const CLI_VERSION = BERTH_VERSION;

/** What `berth --version` prints: the CLI, the daemon it starts and the protocol they speak. */
export const VERSION_LINE = `berth ${CLI_VERSION} (daemon ${CLI_VERSION}, protocol ${PROTOCOL_VERSION})`;
