import type { ConfigSchema, ConfigVariable } from './config.schema.js';

/** Where a variable's value came from, in precedence order. */
export type ConfigSource = 'flag' | 'env' | 'dotenv' | 'default';

/** The validated, frozen configuration every module reads (names as in the environment). */
export type AppConfig = Readonly<ConfigSchema> & {
  readonly sources: Readonly<Partial<Record<ConfigVariable, ConfigSource>>>;
};

/** DI token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
