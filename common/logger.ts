/**
 * Structured logs (pino): one JSON object per line on stdout, so any collector can read them —
 * `level` as a word, `time` in ISO 8601, the service's fields, the line's fields, `message`.
 * Personal data never goes into a log: callers log ids and hashes, never names or ID numbers.
 * The hub's code sees only this small interface; pino is how it is written.
 */
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Any field holding an Error (not only `err`) is written as its name, message and stack. */
function serializeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  return out;
}

function wrap(log: pino.Logger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void =>
      fields ? log[level](serializeFields(fields), message) : log[level](message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (fields) => wrap(log.child(serializeFields(fields))) };
}

/**
 * `write` takes each line without its newline (tests keep them); by default lines go to stdout,
 * written synchronously so the last line before an exit is not lost.
 */
export function createLogger(base: Record<string, unknown>, minLevel: LogLevel = 'info', write?: (line: string) => void): Logger {
  const destination = write ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) } : pino.destination({ dest: 1, sync: true });
  const root = pino(
    {
      level: minLevel,
      // No pid/hostname on every line: the service says who wrote it, the collector where.
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(root.child(serializeFields(base)));
}
