import { FLAG_TO_VAR } from './cli-args.js';
import { ConfigSchema } from './config.schema.js';
import { envVarsOf } from './env-var.decorator.js';

/** Where the rendered example lives, relative to the repository root. */
export const CONFIG_EXAMPLE_PATH = 'config/config.env.example';

/** The command that rewrites CONFIG_EXAMPLE_PATH from the schema. */
// --testPathPatterns, not a bare pattern: the script's --selectProjects would swallow a bare one.
export const CONFIG_EXAMPLE_REGENERATE =
  'UPDATE_SNAPSHOTS=1 npm run test:unit -- --testPathPatterns config-example';

const kebab = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * config/config.env.example: every variable of the schema with its doc line, its command-line
 * flag when it has one, and its default. Every assignment is commented out, so a copy used as
 * .env changes nothing until a line is uncommented.
 */
export function renderConfigExample(): string {
  const flagOf = new Map<string, string>(
    Object.entries(FLAG_TO_VAR).map(([flag, variable]) => [variable, `--${kebab(flag)}`]),
  );
  const lines = [
    '# k8s-mcp configuration: every variable, its default and what it does.',
    '# Precedence: command-line flags > environment > .env file > the defaults below.',
    '# Copy to .env (or pass --dotenv <file>) and uncomment what you change.',
    `# Generated from src/config/config.schema.ts; regenerate with: ${CONFIG_EXAMPLE_REGENERATE}`,
  ];
  for (const [name, spec] of envVarsOf(ConfigSchema)) {
    const notes = [
      flagOf.has(name) ? `flag ${flagOf.get(name)}` : undefined,
      spec.sensitive ? 'sensitive: masked in logs' : undefined,
      spec.default === undefined ? 'unset by default' : undefined,
    ].filter((n) => n !== undefined);
    lines.push('', `# ${spec.doc}${notes.length ? ` [${notes.join('; ')}]` : ''}`);
    lines.push(`# ${name}=${spec.default ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
