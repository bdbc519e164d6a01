export { BerthConnection, type ClientInfo, type ConnectOptions, ConnectionError } from "./connection";
export { type EnsureDaemonOptions, ensureDaemon, startDaemonProcess, tryConnect } from "./daemon";
export { SessionView } from "./session-view";
export { type DaemonState, inspectDaemon, type OwnerProcess, processState } from "./daemon-state";
