import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ConfigSchema, type ConfigVariable } from './config.schema.js';
import {
  ConfigValidationError,
  describeConfig,
  loadConfig,
  showRawValue,
  type ConfigInputs,
} from './config.loader.js';
import { envVarsOf, type EnvVarSpec } from './env-var.decorator.js';

// Values that every variable of a kind must reject, whatever its validator (one name, one enum,
// one range or one path): a new variable of that kind is covered without touching this file.
const BAD_VALUES_BY_KIND: Record<EnvVarSpec['kind'], readonly string[]> = {
  string: ['bad\u0001value', 'line1\nline2'],
  int: ['abc', '1.5', '-1', '1e12', '0x10'],
  number: ['abc', 'NaN', 'Infinity', '-1', '1e12'],
  boolean: ['maybe', '2', 'ja'],
  list: ['not valid!', 'ok,Not_Valid!'],
};

// Realistic mistakes for the variables whose validator is stricter than their kind.
const REALISTIC_BAD_VALUES: Partial<Record<ConfigVariable, string>> = {
  K8S_NAMESPACE: 'Kube_System',
  K8S_MCP_TRANSPORT: 'grpc',
  K8S_MCP_HOST: 'local host',
  K8S_MCP_PORT: '65536',
  LOG_LEVEL: 'loud',
  K8S_AUDIT_LOG_PATH: '',
  K8S_ALLOWED_NAMESPACES: 'default,Prod',
  K8S_MCP_AUTH_TOKENS: 'has space',
};

const SPECS = envVarsOf(ConfigSchema);
const VARIABLES = [...SPECS.keys()] as ConfigVariable[];

function load(inputs: Partial<ConfigInputs> = {}) {
  // An empty temp cwd: a developer's own ./.env must never leak into these tests.
  return loadConfig({ env: {}, cwd: emptyDir, ...inputs });
}

function problemsOf(inputs: Partial<ConfigInputs>): readonly string[] {
  try {
    load(inputs);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error(`expected a ConfigValidationError for ${JSON.stringify(inputs.env ?? inputs.flags)}`);
}

/** Min/max constraints declared on a property (class-validator metadata). */
function rangeOf(variable: string): { min?: number; max?: number } {
  const metas = getMetadataStorage().getTargetValidationMetadatas(ConfigSchema, '', true, false);
  const of = (name: string) =>
    metas.find((m) => m.propertyName === variable && m.name === name)?.constraints?.[0] as number | undefined;
  return { min: of('min'), max: of('max') };
}

let tmp: string;
let emptyDir: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'k8s-mcp-config-'));
  emptyDir = join(tmp, 'empty');
  mkdirSync(emptyDir);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe(loadConfig.name, () => {
  it('knows every variable of the design (the schema is the only list)', () => {
    expect(VARIABLES.length).toBeGreaterThanOrEqual(30);
    for (const [name, spec] of SPECS) {
      expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(spec.doc.length).toBeGreaterThan(10);
    }
  });

  it('accepts the defaults alone', () => {
    const sut = load();
    expect(sut.K8S_NAMESPACE).toBe('default');
    expect(sut.K8S_MCP_PORT).toBe(8766);
    expect(sut.K8S_MCP_TRANSPORT).toBe('http');
    expect(sut.K8S_ALLOWED_NAMESPACES).toEqual([]);
    expect(sut.MAX_SUMMARY_SIZE_KB).toBe(10);
    expect(sut.K8S_READ_ONLY).toBe(false);
    expect(sut.KUBECONFIG_PATH).toBeUndefined();
  });

  describe.each(VARIABLES.map((v) => [v, SPECS.get(v)!.kind] as const))('%s (%s)', (variable, kind) => {
    const spec = SPECS.get(variable)!;
    const candidates = [
      ...BAD_VALUES_BY_KIND[kind],
      ...(REALISTIC_BAD_VALUES[variable] !== undefined ? [REALISTIC_BAD_VALUES[variable]] : []),
    ];

    it.each(candidates.map((value) => [JSON.stringify(value), value]))(
      'rejects %s with one line naming the variable, the value and what was expected',
      (_label, value) => {
        const problems = problemsOf({ env: { [variable]: value } });
        expect(problems).toHaveLength(1);
        const shown = spec.sensitive ? '<redacted>' : showRawValue(value);
        expect(problems[0]).toMatch(new RegExp(`^${variable}=`));
        expect(problems[0].startsWith(`${variable}=${shown}: expected `)).toBe(true);
        expect(problems[0]).not.toContain('\n');
        if (spec.sensitive && value !== '') expect(problems[0]).not.toContain(value);
      },
    );

    const { min, max } = rangeOf(variable);
    if (min !== undefined && max !== undefined) {
      const step = kind === 'int' ? 1 : 0.5;
      it(`accepts ${min} and ${max}, rejects ${min - step} and ${max + step}`, () => {
        expect(load({ env: { [variable]: String(min) } })[variable]).toBe(min);
        expect(load({ env: { [variable]: String(max) } })[variable]).toBe(max);
        for (const outside of [min - step, max + step]) {
          expect(problemsOf({ env: { [variable]: String(outside) } })).toEqual([
            expect.stringMatching(new RegExp(`^${variable}=${outside}: expected .* from ${min} to ${max}$`)),
          ]);
        }
      });
    }
  });

  it('reports every problem at once, in schema order', () => {
    const problems = problemsOf({
      env: { LOG_LEVEL: 'loud', K8S_MCP_PORT: 'abc', K8S_READ_ONLY: 'maybe' },
    });
    expect(problems).toEqual([
      'K8S_MCP_PORT=abc: expected an integer from 0 to 65535',
      'LOG_LEVEL=loud: expected one of fatal, error, warn, info, debug, trace, silent',
      'K8S_READ_ONLY=maybe: expected a boolean (true or false)',
    ]);
  });

  it('puts every problem on its own line of the error message', () => {
    try {
      load({ env: { K8S_MCP_PORT: 'abc', GRAPH_MAX_DEPTH: '0' } });
      throw new Error('not rejected');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigValidationError);
      expect((err as Error).message).toBe(
        'invalid configuration:\n' +
          '  K8S_MCP_PORT=abc: expected an integer from 0 to 65535\n' +
          '  GRAPH_MAX_DEPTH=0: expected an integer from 1 to 10',
      );
    }
  });

  it('refuses an allow-list that the deny-list empties', () => {
    expect(problemsOf({ env: { K8S_ALLOWED_NAMESPACES: 'a,b', K8S_FORBIDDEN_NAMESPACES: 'b,a,c' } })).toEqual(
      [
        'K8S_ALLOWED_NAMESPACES=a,b: expected at least one namespace that K8S_FORBIDDEN_NAMESPACES does not deny',
      ],
    );
    expect(
      load({ env: { K8S_ALLOWED_NAMESPACES: 'a,b', K8S_FORBIDDEN_NAMESPACES: 'b' } }).K8S_ALLOWED_NAMESPACES,
    ).toEqual(['a', 'b']);
  });

  describe('coercion', () => {
    it.each([
      ['true', true],
      ['1', true],
      ['YES', true],
      [' on ', true],
      ['false', false],
      ['0', false],
      ['Off', false],
    ])('reads boolean %j as %s', (raw, expected) => {
      expect(load({ env: { K8S_READ_ONLY: raw } }).K8S_READ_ONLY).toBe(expected);
    });

    it('trims numbers and reads decimals', () => {
      const sut = load({ env: { K8S_MCP_PORT: ' 9000 ', ALERT_API_RESPONSE_TIME_MAX: '2.5' } });
      expect(sut.K8S_MCP_PORT).toBe(9000);
      expect(sut.ALERT_API_RESPONSE_TIME_MAX).toBe(2.5);
    });

    it('splits lists on commas, trimming and dropping empty entries', () => {
      const sut = load({ env: { K8S_FORBIDDEN_NAMESPACES: ' kube-system , ,secret-ns,' } });
      expect(sut.K8S_FORBIDDEN_NAMESPACES).toEqual(['kube-system', 'secret-ns']);
    });
  });

  describe('precedence: flags > environment > .env > defaults', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmp, 'precedence-'));
      writeFileSync(
        join(dir, '.env'),
        'K8S_MCP_PORT=7001\nK8S_NAMESPACE=from-dotenv\nLOG_LEVEL=warn\nGRAPH_MAX_DEPTH=5\n',
      );
    });

    it('takes each variable from the highest source that sets it and records where', () => {
      const sut = load({
        cwd: dir,
        flags: { K8S_MCP_PORT: '7003' },
        env: { K8S_MCP_PORT: '7002', K8S_NAMESPACE: 'from-env', GRAPH_MAX_DEPTH: '4' },
      });
      expect(sut.K8S_MCP_PORT).toBe(7003);
      expect(sut.K8S_NAMESPACE).toBe('from-env');
      expect(sut.GRAPH_MAX_DEPTH).toBe(4);
      expect(sut.LOG_LEVEL).toBe('warn');
      expect(sut.SYNC_INTERVAL).toBe(300);
      expect(sut.sources).toMatchObject({
        K8S_MCP_PORT: 'flag',
        K8S_NAMESPACE: 'env',
        GRAPH_MAX_DEPTH: 'env',
        LOG_LEVEL: 'dotenv',
        SYNC_INTERVAL: 'default',
      });
      expect(sut.sources.KUBECONFIG_PATH).toBeUndefined();
    });

    it('lets an empty environment value override .env (set but empty is not unset)', () => {
      const sut = load({ cwd: dir, env: { K8S_ALLOWED_NAMESPACES: '' } });
      expect(sut.K8S_ALLOWED_NAMESPACES).toEqual([]);
      expect(sut.sources.K8S_ALLOWED_NAMESPACES).toBe('env');
    });

    it('reads an explicit env file relative to cwd instead of ./.env', () => {
      writeFileSync(join(dir, 'other.env'), 'K8S_MCP_PORT=7004\n');
      const sut = load({ cwd: dir, envFile: 'other.env' });
      expect(sut.K8S_MCP_PORT).toBe(7004);
      expect(sut.LOG_LEVEL).toBe('info');
    });

    it('reports a bad value from .env like any other', () => {
      writeFileSync(join(dir, 'bad.env'), 'K8S_MCP_PORT=http\n');
      expect(problemsOf({ cwd: dir, envFile: 'bad.env' })).toEqual([
        'K8S_MCP_PORT=http: expected an integer from 0 to 65535',
      ]);
    });
  });

  describe('env file', () => {
    it('ignores a missing ./.env when none was asked for', () => {
      expect(() => load({ cwd: emptyDir })).not.toThrow();
    });

    it('refuses a missing explicit env file, naming its path', () => {
      expect(problemsOf({ envFile: 'missing.env' })).toEqual([
        `--dotenv=${join(emptyDir, 'missing.env')}: expected a readable .env file (ENOENT)`,
      ]);
    });

    it('refuses an unreadable explicit env file (a directory), together with other problems', () => {
      const folder = mkdtempSync(join(tmp, 'dir-env-'));
      expect(problemsOf({ envFile: folder, env: { K8S_MCP_PORT: 'x' } })).toEqual([
        `--dotenv=${folder}: expected a readable .env file (EISDIR)`,
        'K8S_MCP_PORT=x: expected an integer from 0 to 65535',
      ]);
    });
  });

  it.each([
    ['DEBUG', 'debug'],
    ['INFO', 'info'],
    ['WARNING', 'warn'],
    ['warning', 'warn'],
    ['Error', 'error'],
    ['CRITICAL', 'fatal'],
    ['warn', 'warn'],
    [' trace ', 'trace'],
  ])("takes the specification's LOG_LEVEL=%s as pino's %s", (raw, level) => {
    expect(load({ env: { LOG_LEVEL: raw } }).LOG_LEVEL).toBe(level);
  });

  it('names an unknown log level as typed', () => {
    expect(problemsOf({ env: { LOG_LEVEL: 'LOUD' } })).toEqual([
      'LOG_LEVEL=LOUD: expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('lowers the log level to debug in debug mode unless LOG_LEVEL is set', () => {
    expect(load({ env: { K8S_MCP_DEBUG: 'true' } }).LOG_LEVEL).toBe('debug');
    expect(load({ env: { K8S_MCP_DEBUG: 'true', LOG_LEVEL: 'warn' } }).LOG_LEVEL).toBe('warn');
  });

  it('over stdio puts default log and audit files in the user state directory, never the working directory', () => {
    const stdio = { K8S_MCP_TRANSPORT: 'stdio' };
    expect(load({ env: { ...stdio, HOME: '/home/ann' } })).toMatchObject({
      LOG_DIR: '/home/ann/.local/state/k8s-mcp/logs',
      K8S_AUDIT_LOG_PATH: '/home/ann/.local/state/k8s-mcp/audit.log',
    });
    expect(load({ env: { ...stdio, HOME: '/home/ann', XDG_STATE_HOME: '/var/state/ann' } })).toMatchObject({
      LOG_DIR: '/var/state/ann/k8s-mcp/logs',
    });
    // No home (or a relative one): logs to stderr only.
    expect(load({ env: { ...stdio, HOME: 'relative' } }).LOG_DIR).toBe('');
    expect(load({ env: stdio }).LOG_DIR).toBe('');
    // What the operator sets is kept; over HTTP the defaults stay.
    expect(load({ env: { ...stdio, HOME: '/home/ann', LOG_DIR: 'mylogs' } }).LOG_DIR).toBe('mylogs');
    expect(load({ env: { HOME: '/home/ann' } })).toMatchObject({
      LOG_DIR: 'logs',
      K8S_AUDIT_LOG_PATH: 'logs/audit.log',
    });
  });

  it('returns a frozen configuration', () => {
    const sut = load({ env: { K8S_ALLOWED_NAMESPACES: 'a' } });
    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.sources)).toBe(true);
    expect(() => {
      (sut as { K8S_MCP_PORT: number }).K8S_MCP_PORT = 1;
    }).toThrow(TypeError);
    expect(sut.K8S_MCP_PORT).toBe(8766);
  });

  it('ignores variables outside the schema', () => {
    const sut = load({ env: { PATH: '/usr/bin', K8S_MCP_UNKNOWN: 'x' } });
    expect(sut).not.toHaveProperty('PATH');
    expect(sut).not.toHaveProperty('K8S_MCP_UNKNOWN');
  });
});

describe(describeConfig.name, () => {
  it('masks sensitive values and nothing else', () => {
    const sut = describeConfig(
      load({ env: { K8S_MCP_AUTH_TOKENS: 's3cr3t-one,s3cr3t-two', K8S_MCP_PORT: '9' } }),
    );
    expect(sut.K8S_MCP_AUTH_TOKENS).toBe('<redacted>');
    expect(sut.K8S_MCP_PORT).toBe(9);
    expect(JSON.stringify(sut)).not.toContain('s3cr3t');
  });

  it('shows an empty sensitive list as empty (nothing to hide, and says auth is off)', () => {
    expect(describeConfig(load()).K8S_MCP_AUTH_TOKENS).toEqual([]);
  });

  it('lists every variable of the schema and nothing more', () => {
    expect(Object.keys(describeConfig(load()))).toEqual(VARIABLES);
  });

  it('never shows a sensitive value in a problem line either', () => {
    const [line] = problemsOf({ env: { K8S_MCP_AUTH_TOKENS: 'good-token,bad token' } });
    expect(line).toMatch(/^K8S_MCP_AUTH_TOKENS=<redacted>: expected /);
    expect(line).not.toContain('good-token');
  });
});
