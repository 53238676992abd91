// Value sets shared by the schema and the CLI; kept apart so the CLI loads without the validator.

export const TRANSPORTS = ['http', 'stdio'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
