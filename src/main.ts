import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { CliUsageError, parseCliArgs } from './config/cli-args.js';
import { ConfigValidationError, loadConfig } from './config/config.loader.js';
import type { AppConfig } from './config/app-config.js';

// Exit code 2: the command line or the configuration is wrong (as for a usage error).
const EXIT_USAGE = 2;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function readConfig(): AppConfig {
  try {
    const cli = parseCliArgs(process.argv.slice(2), packageVersion());
    if (cli.kind === 'exit') {
      process.stdout.write(cli.output);
      process.exit(0);
    }
    return loadConfig({ flags: cli.overrides, env: process.env, envFile: cli.envFile, cwd: process.cwd() });
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`k8s-mcp: invalid configuration\n${err.problems.join('\n')}\n`);
    } else if (err instanceof CliUsageError) {
      process.stderr.write(`k8s-mcp: ${err.message} (see --help)\n`);
    } else {
      throw err;
    }
    process.exit(EXIT_USAGE);
  }
}

const config = readConfig();
// Loaded after the configuration is known good, so a bad flag answers without paying for Nest.
const { run } = await import('./server.js');
await run(config);
