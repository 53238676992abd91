import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LOG_LEVEL_SPELLINGS, LOG_LEVELS, normalizeLogLevel, TRANSPORTS } from './choices.js';
import type { ConfigVariable } from './config.schema.js';

/** What the command line asked for: variable overrides, or help/version text to print. */
export type CliResult =
  | {
      readonly kind: 'run';
      readonly overrides: Partial<Record<ConfigVariable, string>>;
      readonly envFile?: string;
    }
  | { readonly kind: 'exit'; readonly output: string };

/** Thrown for an unknown flag or a flag without its value. */
export class CliUsageError extends Error {}

/** Flags cover the common variables (commander option keys); everything else is set through the environment. */
export const FLAG_TO_VAR = {
  transport: 'K8S_MCP_TRANSPORT',
  host: 'K8S_MCP_HOST',
  port: 'K8S_MCP_PORT',
  kubeconfig: 'KUBECONFIG_PATH',
  context: 'K8S_CONTEXT',
  namespace: 'K8S_NAMESPACE',
  readOnly: 'K8S_READ_ONLY',
  logLevel: 'LOG_LEVEL',
} as const satisfies Record<string, ConfigVariable>;

function buildCommand(version: string, out: string[]): Command {
  return (
    new Command('k8s-mcp')
      .description('Kubernetes MCP server with a live, watch-fed cluster model')
      .version(version, '-v, --version')
      .addOption(new Option('--transport <transport>', 'MCP transport').choices([...TRANSPORTS]))
      .option('--host <host>', 'HTTP bind address')
      .option('--port <port>', 'HTTP port')
      .option('--kubeconfig <path>', 'kubeconfig file')
      .option('--context <name>', 'kubeconfig context')
      .option('-n, --namespace <name>', 'default namespace')
      .option('--read-only', 'hide and refuse every tool that changes the cluster')
      .addOption(
        new Option(
          '--log-level <level>',
          `log level: ${LOG_LEVELS.join(', ')} (or WARNING, CRITICAL; any case)`,
        )
          // Any case and the specification's names: checked here so a typo is a usage error.
          .argParser((value: string) => {
            const level = normalizeLogLevel(value);
            if (!(LOG_LEVEL_SPELLINGS as readonly string[]).includes(level)) {
              throw new InvalidArgumentError(
                `Allowed choices are ${LOG_LEVEL_SPELLINGS.join(', ')} (any case).`,
              );
            }
            return level;
          }),
      )
      // Not --env-file: Node itself takes `--env-file <path>` anywhere on its command line, script
      // arguments included, and exits 9 when the file is missing (nodejs/node#54232).
      .option('--dotenv <path>', '.env file to read (default: ./.env when present)')
      .argument('[transport]', 'shorthand for --transport (http | stdio)')
      .addHelpText(
        'after',
        '\nEvery setting can also come from the environment; see config/config.env.example.\n' +
          'k8s-mcp audit --help: read the audit log (filters, --follow).',
      )
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) })
  );
}

/** Parses argv (without node and script) into variable overrides. */
export function parseCliArgs(args: readonly string[], version: string): CliResult {
  const out: string[] = [];
  const command = buildCommand(version, out);
  try {
    command.parse([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        return { kind: 'exit', output: out.join('') };
      }
      throw new CliUsageError(err.message.replace(/^error: /, ''));
    }
    throw err;
  }
  const opts = command.opts<Record<string, string | boolean | undefined>>();
  const overrides: Partial<Record<ConfigVariable, string>> = {};
  for (const [flag, variable] of Object.entries(FLAG_TO_VAR)) {
    const value = opts[flag];
    if (value !== undefined) overrides[variable] = String(value);
  }
  const positional = command.args[0];
  if (positional !== undefined) {
    if (!(TRANSPORTS as readonly string[]).includes(positional)) {
      throw new CliUsageError(`unknown argument '${positional}': expected one of ${TRANSPORTS.join(', ')}`);
    }
    overrides.K8S_MCP_TRANSPORT ??= positional;
  }
  const envFile = typeof opts.dotenv === 'string' ? opts.dotenv : undefined;
  return { kind: 'run', overrides, envFile };
}
