// Static imports are limited to node: builtins so the compile cache is on before anything loads.
import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

// Cached compiled code roughly halves module loading on the second and later starts.
enableCompileCache?.();

// Exit code 2: the command line or the configuration is wrong (as for a usage error).
const EXIT_USAGE = 2;

function fail(message: string): never {
  process.stderr.write(message);
  process.exit(EXIT_USAGE);
}

// `k8s-mcp audit …` reads the audit log and exits; it never starts the server. (Writes to pipes and
// files are synchronous on Linux: nothing is lost by exiting right after the last line.)
if (process.argv[2] === 'audit') {
  await import('reflect-metadata');
  const { auditCliMain } = await import('./ui/audit-cli.js');
  process.exit(await auditCliMain(process.argv.slice(3)));
}

const { CliUsageError, parseCliArgs } = await import('./config/cli-args.js');
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let cli;
try {
  cli = parseCliArgs(process.argv.slice(2), version);
} catch (err) {
  if (err instanceof CliUsageError) fail(`k8s-mcp: ${err.message} (see --help)\n`);
  throw err;
}
if (cli.kind === 'exit') {
  process.stdout.write(cli.output);
  process.exit(0);
}
const { overrides, envFile } = cli;

/** Loads and validates the whole configuration, or exits 2 listing every problem. */
async function loadConfigOrExit() {
  await import('reflect-metadata');
  const { ConfigValidationError, loadConfig } = await import('./config/config.loader.js');
  try {
    return loadConfig({ flags: overrides, env: process.env, envFile, cwd: process.cwd() });
  } catch (err) {
    if (err instanceof ConfigValidationError)
      fail(`k8s-mcp: invalid configuration\n${err.problems.join('\n')}\n`);
    throw err;
  }
}

const { peekTransport } = await import('./config/dotenv-file.js');
if (peekTransport(overrides.K8S_MCP_TRANSPORT, process.env, envFile, process.cwd()) === 'stdio') {
  // Answer initialize first, before even the MCP SDK loads; the configuration is validated (and may
  // still exit 2) right after.
  const { answerInitializeEarly } = await import('./mcp/transports/stdio-early-initialize.js');
  const early = await answerInitializeEarly(process.stdin, process.stdout);
  const { serveStdio } = await import('./mcp/transports/stdio-front-door.js');
  await serveStdio(async () => {
    const config = await loadConfigOrExit();
    const { bootStdioCore } = await import('./server.js');
    return bootStdioCore(config);
  }, early);
} else {
  const config = await loadConfigOrExit();
  const { unsafeExposure } = await import('./config/exposure.js');
  const unsafe = unsafeExposure(config);
  if (unsafe) fail(`k8s-mcp: ${unsafe}\n`);
  const { run } = await import('./server.js');
  await run(config);
}
