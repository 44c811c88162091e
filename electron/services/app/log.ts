// Runs in Node. A minimal structured logger. Callers pass event names and small, payload-free
// fields; PINs, keys and document contents are never logged (reviewed at each call site).
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(sink: (line: string) => void = (l) => process.stderr.write(l + '\n'), quiet = false): Logger {
  const emit = (level: string) => (event: string, fields?: Record<string, unknown>) => {
    if (quiet && level === 'info') return;
    sink(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
