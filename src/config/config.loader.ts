import { isAbsolute, join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AppConfig, ConfigSource } from './app-config.js';
import { ConfigSchema, type ConfigVariable } from './config.schema.js';
import { configuredDefaultContext, contextSettingProblems } from './context-settings.js';
import { readDotenvFile } from './dotenv-file.js';
import { envVarsOf, type EnvVarSpec } from './env-var.decorator.js';
import { hasControlChars } from './validators.js';

/** Start-up refused: one line per problem, `NAME=value: expected ...`. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface ConfigInputs {
  /** Values from CLI flags, by variable name (highest precedence). */
  readonly flags?: Partial<Record<ConfigVariable, string>>;
  /** The process environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A .env file to read; when undefined, `.env` in cwd is read if it exists. */
  readonly envFile?: string;
  readonly cwd: string;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Turns a raw string into its typed value; an unparsable string is kept so validation reports it. */
function coerce(raw: string, spec: EnvVarSpec): unknown {
  const text = raw.trim();
  switch (spec.kind) {
    case 'string':
      return spec.normalize ? spec.normalize(text) : text;
    case 'int':
    case 'number':
      return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean': {
      const lower = text.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
    }
    case 'list':
      return text === ''
        ? []
        : text
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
  }
}

/** A raw value as shown in a problem line: as typed, or JSON-quoted when it holds control characters. */
export function showRawValue(raw: string | undefined): string {
  if (raw === undefined) return '';
  return hasControlChars(raw) ? JSON.stringify(raw) : raw;
}

/** Reads flags > environment > .env > defaults, validates once, and returns a frozen config. */
export function loadConfig(inputs: ConfigInputs): AppConfig {
  const problems: string[] = [];
  const { values: dotenv, problem } = readDotenvFile(inputs.envFile, inputs.cwd);
  if (problem) problems.push(problem);
  const specs = envVarsOf(ConfigSchema);
  const plain: Record<string, unknown> = {};
  const raws: Record<string, string> = {};
  const sources: Partial<Record<ConfigVariable, ConfigSource>> = {};

  for (const [name, spec] of specs) {
    const variable = name as ConfigVariable;
    const candidates: [ConfigSource, string | undefined][] = [
      ['flag', inputs.flags?.[variable]],
      ['env', inputs.env[name]],
      ['dotenv', dotenv[name]],
      ['default', spec.default],
    ];
    const found = candidates.find(([, value]) => value !== undefined);
    if (!found) continue;
    const [source, raw] = found as [ConfigSource, string];
    sources[variable] = source;
    raws[name] = raw;
    plain[name] = coerce(raw, spec);
  }

  const instance = plainToInstance(ConfigSchema, plain);
  for (const error of validateSync(instance, { forbidUnknownValues: true })) {
    const spec = specs.get(error.property);
    const shown = spec?.sensitive ? '<redacted>' : showRawValue(raws[error.property]);
    const messages = [...new Set(Object.values(error.constraints ?? {}))];
    problems.push(`${error.property}=${shown}: ${messages.join('; ')}`);
  }
  const clash = instance.K8S_ALLOWED_NAMESPACES?.filter((ns) =>
    instance.K8S_FORBIDDEN_NAMESPACES?.includes(ns),
  );
  if (clash?.length && clash.length === instance.K8S_ALLOWED_NAMESPACES.length) {
    problems.push(
      `K8S_ALLOWED_NAMESPACES=${raws.K8S_ALLOWED_NAMESPACES}: expected at least one namespace that K8S_FORBIDDEN_NAMESPACES does not deny`,
    );
  }
  // Only once each setting is valid on its own: one problem line per mistake.
  if (problems.length === 0 && instance.K8S_MCP_OAUTH_ISSUER && !instance.K8S_MCP_OAUTH_AUDIENCE)
    problems.push(
      "K8S_MCP_OAUTH_AUDIENCE: expected this server's resource URI (e.g. https://mcp.example.com/mcp) when K8S_MCP_OAUTH_ISSUER is set",
    );
  for (const name of ['K8S_MCP_OAUTH_AUDIENCE', 'K8S_MCP_OAUTH_JWKS_URL'] as const)
    if (problems.length === 0 && instance[name] && !instance.K8S_MCP_OAUTH_ISSUER)
      problems.push(`${name}=${showRawValue(raws[name])}: expected K8S_MCP_OAUTH_ISSUER to be set as well`);
  if (problems.length === 0) problems.push(...contextSettingProblems(instance));
  if (problems.length > 0) throw new ConfigValidationError(problems);

  // One name for the default context from here on: K8sService and the context registry read K8S_CONTEXT.
  instance.K8S_CONTEXT = configuredDefaultContext(instance);

  if (instance.K8S_MCP_DEBUG && sources.LOG_LEVEL === 'default') instance.LOG_LEVEL = 'debug';
  if (instance.K8S_MCP_TRANSPORT === 'stdio') placeStdioFiles(instance, sources, inputs.env);
  return Object.freeze(Object.assign(instance, { sources: Object.freeze(sources) })) as AppConfig;
}

/**
 * Over stdio the working directory is the MCP client's (an editor, a desktop app), not ours: the
 * default log folder and audit file go to the user's state directory ($XDG_STATE_HOME, else
 * ~/.local/state, then k8s-mcp/) instead of appearing in whatever project the client was opened
 * in. Without a home directory the logs stay off (stderr only) and the audit file keeps its
 * default. Values the operator set are kept as given.
 */
function placeStdioFiles(
  instance: ConfigSchema,
  sources: Partial<Record<ConfigVariable, ConfigSource>>,
  env: ConfigInputs['env'],
): void {
  const base = env.XDG_STATE_HOME || (env.HOME ? join(env.HOME, '.local', 'state') : undefined);
  const state = base && isAbsolute(base) ? join(base, 'k8s-mcp') : undefined;
  if (sources.LOG_DIR === 'default') instance.LOG_DIR = state ? join(state, 'logs') : '';
  if (sources.K8S_AUDIT_LOG_PATH === 'default' && state)
    instance.K8S_AUDIT_LOG_PATH = join(state, 'audit.log');
}

/** The configuration as safe to log: sensitive values masked. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of envVarsOf(ConfigSchema)) {
    const value = (config as unknown as Record<string, unknown>)[name];
    out[name] =
      spec.sensitive && value !== undefined && (!Array.isArray(value) || value.length > 0)
        ? '<redacted>'
        : value;
  }
  return out;
}
