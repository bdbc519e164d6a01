/**
 * The logging surface this package needs. The daemon adapts its pino logger to it; tests pass
 * nothing and get silence. Callers of this interface never pass secrets in fields.
 */
export interface ProviderLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = () => {};
export const silentLogger: ProviderLogger = { debug: noop, info: noop, warn: noop, error: noop };
