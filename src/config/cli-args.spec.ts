import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError, parseCliArgs, type CliResult } from './cli-args.js';
import { loadConfig } from './config.loader.js';

const VERSION = '9.8.7';

function run(args: string[]): Extract<CliResult, { kind: 'run' }> {
  const result = parseCliArgs(args, VERSION);
  if (result.kind !== 'run') throw new Error(`expected a run result, got ${result.kind}`);
  return result;
}

function usageError(args: string[]): CliUsageError {
  try {
    parseCliArgs(args, VERSION);
  } catch (err) {
    if (err instanceof CliUsageError) return err;
    throw err;
  }
  throw new Error(`expected a CliUsageError for ${args.join(' ')}`);
}

describe(parseCliArgs.name, () => {
  it('maps no flags to no overrides', () => {
    expect(run([])).toEqual({ kind: 'run', overrides: {}, envFile: undefined });
  });

  it.each([
    [['--transport', 'stdio'], { K8S_MCP_TRANSPORT: 'stdio' }],
    [['--host', '0.0.0.0'], { K8S_MCP_HOST: '0.0.0.0' }],
    [['--port', '9000'], { K8S_MCP_PORT: '9000' }],
    [['--port=0'], { K8S_MCP_PORT: '0' }],
    [['--kubeconfig', '/tmp/kc.yaml'], { KUBECONFIG_PATH: '/tmp/kc.yaml' }],
    [['--context', 'kind-dev'], { K8S_CONTEXT: 'kind-dev' }],
    [['--namespace', 'team-a'], { K8S_NAMESPACE: 'team-a' }],
    [['-n', 'team-b'], { K8S_NAMESPACE: 'team-b' }],
    [['--read-only'], { K8S_READ_ONLY: 'true' }],
    [['--log-level', 'debug'], { LOG_LEVEL: 'debug' }],
    [['--log-level', 'DEBUG'], { LOG_LEVEL: 'debug' }],
    [['--log-level', 'Warning'], { LOG_LEVEL: 'warn' }],
    [['stdio'], { K8S_MCP_TRANSPORT: 'stdio' }],
  ])('maps %j to %j', (args, overrides) => {
    expect(run(args).overrides).toEqual(overrides);
  });

  it('maps every flag at once', () => {
    const sut = run([
      '--transport=http',
      '--host=127.0.0.1',
      '--port=1234',
      '--kubeconfig=kc',
      '--context=ctx',
      '-n',
      'ns',
      '--read-only',
      '--log-level=warn',
      '--dotenv',
      'prod.env',
    ]);
    expect(sut).toEqual({
      kind: 'run',
      overrides: {
        K8S_MCP_TRANSPORT: 'http',
        K8S_MCP_HOST: '127.0.0.1',
        K8S_MCP_PORT: '1234',
        KUBECONFIG_PATH: 'kc',
        K8S_CONTEXT: 'ctx',
        K8S_NAMESPACE: 'ns',
        K8S_READ_ONLY: 'true',
        LOG_LEVEL: 'warn',
      },
      envFile: 'prod.env',
    });
  });

  it('gives --transport precedence over the positional shorthand', () => {
    expect(run(['--transport', 'http', 'stdio']).overrides.K8S_MCP_TRANSPORT).toBe('http');
  });

  it('produces overrides the loader accepts and ranks above the environment', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'k8s-mcp-cli-'));
    try {
      const { overrides } = run(['--port', '1234', '--read-only', 'stdio']);
      const config = loadConfig({ flags: overrides, env: { K8S_MCP_PORT: '80' }, cwd });
      expect(config.K8S_MCP_PORT).toBe(1234);
      expect(config.K8S_READ_ONLY).toBe(true);
      expect(config.K8S_MCP_TRANSPORT).toBe('stdio');
      expect(config.sources.K8S_MCP_PORT).toBe('flag');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('leaves value checks to the loader (one report for flags and environment)', () => {
    expect(run(['--port', 'abc']).overrides.K8S_MCP_PORT).toBe('abc');
  });

  describe('usage errors', () => {
    it('refuses an unknown flag, naming it', () => {
      const err = usageError(['--bogus']);
      expect(err.message).toBe("unknown option '--bogus'");
    });

    it('refuses a flag without its value', () => {
      expect(usageError(['--port']).message).toMatch(/option '--port <port>' argument missing/);
    });

    it('refuses a transport outside the choices', () => {
      expect(usageError(['--transport', 'grpc']).message).toMatch(
        /argument 'grpc' is invalid\. Allowed choices are http, stdio/,
      );
    });

    it('refuses an unknown log level', () => {
      expect(usageError(['--log-level', 'loud']).message).toMatch(
        /argument 'loud' is invalid\. Allowed choices are fatal, error, .*warning, critical \(any case\)/,
      );
    });

    it('refuses an unknown positional argument', () => {
      expect(usageError(['grpc']).message).toBe("unknown argument 'grpc': expected one of http, stdio");
    });

    it('refuses a second positional argument', () => {
      expect(usageError(['http', 'stdio']).message).toMatch(/too many arguments/);
    });
  });

  describe('help and version', () => {
    it.each([['--help'], ['-h']])('%s prints usage with every flag and exits', (flag) => {
      const result = parseCliArgs([flag], VERSION);
      expect(result.kind).toBe('exit');
      const output = result.kind === 'exit' ? result.output : '';
      expect(output).toMatch(/^Usage: k8s-mcp \[options\] \[transport\]/);
      for (const f of [
        '--transport',
        '--host',
        '--port',
        '--kubeconfig',
        '--context',
        '--namespace',
        '--read-only',
        '--log-level',
        '--dotenv',
        '--version',
      ]) {
        expect(output).toContain(f);
      }
      expect(output).toContain('config/config.env.example');
    });

    it.each([['--version'], ['-v']])('%s prints the version and exits', (flag) => {
      expect(parseCliArgs([flag], VERSION)).toEqual({ kind: 'exit', output: `${VERSION}\n` });
    });

    it('answers --help even after other flags', () => {
      expect(parseCliArgs(['--port', '1', '--help'], VERSION).kind).toBe('exit');
    });
  });
});
