// Value sets shared by the schema and the CLI; kept apart so the CLI loads without the validator.

export const TRANSPORTS = ['http', 'stdio'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The specification's spellings of the log levels (Python's logging names: DEBUG, INFO, WARNING,
 * ERROR, CRITICAL) mapped to pino's; users bring their `.env` from it.
 */
const LOG_LEVEL_ALIASES: Readonly<Record<string, (typeof LOG_LEVELS)[number]>> = {
  warning: 'warn',
  critical: 'fatal',
};

/** A log level in any case and either vocabulary, as pino's name; anything else unchanged (validation names it). */
export function normalizeLogLevel(raw: string): string {
  const lower = raw.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(lower)) return lower;
  return LOG_LEVEL_ALIASES[lower] ?? raw;
}

/** Every spelling the log level accepts (lower case; any case is accepted). */
export const LOG_LEVEL_SPELLINGS: readonly string[] = [...LOG_LEVELS, ...Object.keys(LOG_LEVEL_ALIASES)];
