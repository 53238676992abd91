import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './config.loader.js';
import { configForContext, multiContext, parseContextNamespaces } from './context-settings.js';

const cwd = mkdtempSync(join(tmpdir(), 'k8s-mcp-context-settings-'));
const load = (env: Record<string, string>) => loadConfig({ env, cwd });

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error(`expected a ConfigValidationError for ${JSON.stringify(env)}`);
}

const EKS = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';

describe('context settings', () => {
  it('default to the one context of today: nothing listed, lazy, 30 min idle stop', () => {
    const config = load({});
    expect(config.K8S_CONTEXTS).toEqual([]);
    expect(multiContext(config)).toBe(false);
    expect(config.K8S_CONTEXT).toBeUndefined();
    expect(config.K8S_CONTEXTS_EAGER).toBe(false);
    expect(config.K8S_CONTEXT_IDLE_STOP).toBe(1800);
  });

  it('take real context names, EKS ARNs and OpenShift names included, and * alone', () => {
    const openshift = 'default/api-crc-testing:6443/kube:admin';
    expect(load({ K8S_CONTEXTS: `kind-dev, ${EKS},${openshift}` }).K8S_CONTEXTS).toEqual([
      'kind-dev',
      EKS,
      openshift,
    ]);
    expect(load({ K8S_CONTEXTS: '*' }).K8S_CONTEXTS).toEqual(['*']);
  });

  it.each([['*,kind-dev'], ['kind dev'], ['prod!']])('refuse K8S_CONTEXTS=%s in one line', (value) => {
    expect(problemsOf({ K8S_CONTEXTS: value })).toEqual([
      `K8S_CONTEXTS=${value}: expected comma-separated kubeconfig context names (letters, digits and ._:/@+=-), or * alone for every context`,
    ]);
  });

  it('K8S_DEFAULT_CONTEXT becomes the context the default model uses', () => {
    expect(load({ K8S_DEFAULT_CONTEXT: 'staging' }).K8S_CONTEXT).toBe('staging');
    expect(load({ K8S_CONTEXT: 'staging' }).K8S_CONTEXT).toBe('staging');
    expect(load({ K8S_CONTEXT: 'staging', K8S_DEFAULT_CONTEXT: 'staging' }).K8S_CONTEXT).toBe('staging');
  });

  it('refuse K8S_DEFAULT_CONTEXT and K8S_CONTEXT naming two contexts', () => {
    expect(problemsOf({ K8S_CONTEXT: 'staging', K8S_DEFAULT_CONTEXT: 'prod' })).toEqual([
      'K8S_DEFAULT_CONTEXT=prod: expected the same context as K8S_CONTEXT / --context (staging), or only one of them',
    ]);
  });

  it('refuse a K8S_CONTEXT_NAMESPACES that is not the documented JSON, saying what is wrong', () => {
    const problem = (value: string) => problemsOf({ K8S_CONTEXT_NAMESPACES: value })[0];
    expect(problem('prod=kube-system')).toMatch(
      /^K8S_CONTEXT_NAMESPACES=prod=kube-system: expected a JSON object \(/,
    );
    expect(problem('["prod"]')).toBe(
      'K8S_CONTEXT_NAMESPACES=["prod"]: expected a JSON object keyed by context name',
    );
    expect(problem('{"prod": ["kube-system"]}')).toContain(
      `expected {"allowed": [...], "forbidden": [...]} for context 'prod'`,
    );
    expect(problem('{"prod": {"denied": []}}')).toContain(
      `expected only "allowed" and "forbidden" for context 'prod' (got "denied")`,
    );
    expect(problem('{"prod": {"forbidden": ["Kube_System"]}}')).toContain(
      `expected "forbidden" of context 'prod' to be a list of namespace names`,
    );
    expect(problem('{"prod": {"allowed": ["a"], "forbidden": ["a"]}}')).toContain(
      `expected context 'prod' to allow at least one namespace that it does not forbid`,
    );
  });
});

describe(parseContextNamespaces.name, () => {
  it('keys by any context name (JSON keys hold the : and / of an ARN)', () => {
    const sut = parseContextNamespaces(
      `{"${EKS}": {"forbidden": ["kube-system"]}, "dev": {"allowed": ["team-a"]}}`,
    );
    expect([...sut]).toEqual([
      [EKS, { forbidden: ['kube-system'] }],
      ['dev', { allowed: ['team-a'] }],
    ]);
    expect(parseContextNamespaces('  ').size).toBe(0);
  });
});

describe(configForContext.name, () => {
  const base = load({
    K8S_FORBIDDEN_NAMESPACES: 'kube-system',
    K8S_ALLOWED_NAMESPACES: 'team-a,team-b',
    TIMELINE_JOURNAL_PATH: '/var/lib/k8s-mcp/journal',
    K8S_CONTEXT_NAMESPACES: `{"${EKS}": {"forbidden": ["payments"]}}`,
  });

  it("replaces the lists a context's entry names and keeps the others", () => {
    const sut = configForContext(base, EKS);
    expect(sut.K8S_CONTEXT).toBe(EKS);
    expect(sut.K8S_FORBIDDEN_NAMESPACES).toEqual(['payments']);
    expect(sut.K8S_ALLOWED_NAMESPACES).toEqual(['team-a', 'team-b']);
    expect(sut.K8S_REQUEST_TIMEOUT).toBe(base.K8S_REQUEST_TIMEOUT);
  });

  it('keeps the server-wide lists for a context without an entry', () => {
    expect(configForContext(base, 'dev').K8S_FORBIDDEN_NAMESPACES).toEqual(['kube-system']);
  });

  it('gives each context a journal file of its own that no rotation name can clash with', () => {
    expect(configForContext(base, EKS).TIMELINE_JOURNAL_PATH).toBe(
      `/var/lib/k8s-mcp/journal.context-${encodeURIComponent(EKS)}`,
    );
    expect(configForContext(base, '1').TIMELINE_JOURNAL_PATH).toBe('/var/lib/k8s-mcp/journal.context-1');
    expect(configForContext(load({}), 'dev').TIMELINE_JOURNAL_PATH).toBe('');
  });
});
