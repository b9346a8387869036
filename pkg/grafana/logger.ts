// hclog-style JSON lines on stderr: go-plugin parses `@level` and `@message` and turns every other key
// into a key/value pair on Grafana's log entry. `@timestamp` is omitted on purpose: Grafana only accepts
// exactly six fractional digits and adds its own time anyway. Nothing is ever written to stdout.

import { createScrubber } from './secret-scrubber';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

// Logs know no datasource's secrets, but still drop credential headers, bearer tokens and URL user:password.
const scrubShapes = createScrubber({ values: [] });

const order: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** Keys whose values are never logged, whatever a caller passes. */
const secretKey = /authorization|password|secret|token|cookie|api[-_]?key|decryptedSecureJsonData/i;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

function safeValue(key: string, value: unknown): unknown {
  if (secretKey.test(key)) return '[redacted]';
  if (value instanceof Error) return scrubShapes(value.message);
  if (typeof value === 'string') return scrubShapes(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function formatLogLine(level: LogLevel, message: string, fields: Record<string, unknown>): string {
  const entry: Record<string, unknown> = { '@level': level, '@message': scrubShapes(message) };
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith('@') || value === undefined) continue;
    entry[key] = safeValue(key, value);
  }
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify({ '@level': level, '@message': message });
  }
}

// Once the host closes our stderr (it died), writing would only raise EPIPE errors: stop writing.
let stderrBroken = false;
function writeStderr(line: string): void {
  if (stderrBroken || process.stderr.destroyed) return;
  process.stderr.write(line + '\n');
}

/** Called by the runtime when stderr fails; later log lines are dropped instead of raising errors. */
export function markStderrBroken(): void {
  stderrBroken = true;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const minimum = order[options.level ?? levelFromEnv()];
  const write = options.write ?? writeStderr;
  const base = options.base ?? {};
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < minimum) return;
    write(formatLogLine(level, message, { ...base, ...fields }));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    with: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

function levelFromEnv(): LogLevel {
  // GF_PLUGIN_LOG_LEVEL comes from `[plugin.<id>] log_level` in grafana.ini.
  const raw = (process.env.GF_PLUGIN_LOG_LEVEL ?? '').toLowerCase();
  return raw in order ? (raw as LogLevel) : 'info';
}
