import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { AppError } from '../common/errors/app-error.js';
import { buildClients, importClientNode, loadKubeConfig, type ClientNode } from './kube-clients.js';
import type { KubeconfigSource } from './kubeconfig-source.js';

interface KubeconfigSpec {
  readonly current?: string;
  readonly clusters: readonly { name: string; server?: string }[];
  readonly contexts: readonly { name: string; cluster: string; user: string; namespace?: string }[];
  readonly users?: readonly string[];
}

/** A kubeconfig file as kubectl writes it. */
function kubeconfigYaml(spec: KubeconfigSpec): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': spec.current,
    clusters: spec.clusters.map((c) => ({
      name: c.name,
      cluster: { ...(c.server ? { server: c.server } : {}), 'insecure-skip-tls-verify': true },
    })),
    users: (spec.users ?? [...new Set(spec.contexts.map((c) => c.user))]).map((name) => ({
      name,
      user: { token: `token-of-${name}` },
    })),
    contexts: spec.contexts.map((c) => ({
      name: c.name,
      context: { cluster: c.cluster, user: c.user, namespace: c.namespace },
    })),
  });
}

const files = (...paths: string[]): KubeconfigSource => ({ kind: 'files', paths, origin: 'KUBECONFIG' });

let lib: ClientNode;
let tmp: string;

function write(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

function configError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('K8S.CONFIG');
    return err as AppError;
  }
  throw new Error('expected a K8S.CONFIG error');
}

beforeAll(async () => {
  lib = await importClientNode();
});

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'k8s-mcp-kubeconfig-'));
});

afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const DEV = kubeconfigYaml({
  current: 'dev',
  clusters: [
    { name: 'dev-cluster', server: 'https://dev.example:6443' },
    { name: 'prod-cluster', server: 'https://prod.example:6443' },
  ],
  contexts: [
    { name: 'dev', cluster: 'dev-cluster', user: 'alice' },
    { name: 'prod', cluster: 'prod-cluster', user: 'alice', namespace: 'shop' },
  ],
});

describe(loadKubeConfig.name, () => {
  it('loads one file and uses its current context', () => {
    const sut = loadKubeConfig(lib, files(write('kc', DEV)));
    expect(sut.getCurrentContext()).toBe('dev');
    expect(sut.getCurrentCluster()?.server).toBe('https://dev.example:6443');
  });

  it('switches to the context asked for', () => {
    const sut = loadKubeConfig(lib, files(write('kc', DEV)), 'prod');
    expect(sut.getCurrentContext()).toBe('prod');
    expect(sut.getCurrentCluster()?.server).toBe('https://prod.example:6443');
  });

  it('names the path of a missing file', () => {
    const path = join(tmp, 'nope', 'config');
    const err = configError(() =>
      loadKubeConfig(lib, { kind: 'files', paths: [path], origin: 'KUBECONFIG_PATH' }),
    );
    expect(err.message).toBe(`cannot load kubeconfig (${path}): ${path}: file not found`);
    expect(err.hint).toMatch(/--kubeconfig/);
    expect(err.details).toEqual({ kubeconfig: path });
  });

  it('names the path of a directory given as a kubeconfig', () => {
    expect(configError(() => loadKubeConfig(lib, files(tmp))).message).toContain(`${tmp}: is a directory`);
  });

  it.each([
    ['an empty file', ''],
    ['a scalar document', 'just text\n'],
    ['a list', '- a\n- b\n'],
  ])('names the file and the problem for %s', (_label, content) => {
    const path = write('bad', content);
    const err = configError(() => loadKubeConfig(lib, files(path)));
    expect(err.message).toBe(
      `cannot load kubeconfig (${path}): ${path}: not a kubeconfig (expected a YAML mapping with clusters, users and contexts)`,
    );
    expect(err.hint).toBe('fix the kubeconfig file');
  });

  it('names the file and the problem for invalid YAML', () => {
    const path = write('bad', 'clusters: [\n');
    const err = configError(() => loadKubeConfig(lib, files(path)));
    expect(err.message).toMatch(new RegExp(`^cannot load kubeconfig \\(${path}\\): ${path}: .+`));
  });

  it('refuses an unknown context, listing the known ones', () => {
    const path = write('kc', DEV);
    const err = configError(() => loadKubeConfig(lib, files(path), 'staging'));
    expect(err.message).toBe(`cannot load kubeconfig (${path}): context 'staging' not found`);
    expect(err.hint).toBe('known contexts: dev, prod');
    expect(err.describe()).toBe(`${err.message} — known contexts: dev, prod`);
  });

  it('refuses a kubeconfig without a current context, listing the contexts', () => {
    const path = write(
      'kc',
      kubeconfigYaml({
        ...{ clusters: [{ name: 'c', server: 'https://c' }] },
        contexts: [{ name: 'only', cluster: 'c', user: 'u' }],
      }),
    );
    const err = configError(() => loadKubeConfig(lib, files(path)));
    expect(err.message).toMatch(/no current context$/);
    expect(err.hint).toBe('pass --context (known contexts: only)');
    expect(loadKubeConfig(lib, files(path), 'only').getCurrentContext()).toBe('only');
  });

  it('refuses a current context that names a context which does not exist', () => {
    const path = write('kc', kubeconfigYaml({ current: 'ghost', clusters: [], contexts: [] }));
    const err = configError(() => loadKubeConfig(lib, files(path)));
    expect(err.message).toMatch(/no current context$/);
    expect(err.hint).toBe('pass --context (known contexts: none)');
  });

  it('refuses a context whose cluster is not defined', () => {
    const path = write(
      'kc',
      kubeconfigYaml({
        current: 'x',
        clusters: [],
        contexts: [{ name: 'x', cluster: 'missing', user: 'u' }],
      }),
    );
    expect(configError(() => loadKubeConfig(lib, files(path))).message).toMatch(
      /context 'x' names no cluster with a server URL$/,
    );
  });

  it('refuses a cluster without a server URL, naming the file', () => {
    const path = write(
      'kc',
      kubeconfigYaml({
        current: 'x',
        clusters: [{ name: 'c' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      }),
    );
    const err = configError(() => loadKubeConfig(lib, files(path)));
    expect(err.message).toBe(
      `cannot load kubeconfig (${path}): ${path}: clusters[0].cluster.server is missing`,
    );
    expect(err.hint).toBe('fix the kubeconfig file');
  });

  it('says what it tried when there is no kubeconfig at all', () => {
    const err = configError(() =>
      loadKubeConfig(lib, { kind: 'none', tried: ['/a', '/home/u/.kube/config'] }),
    );
    expect(err.message).toBe(
      'cannot load kubeconfig (none found): no kubeconfig found (tried /a, /home/u/.kube/config)',
    );
    expect(err.hint).toBe('pass --kubeconfig or set KUBECONFIG');
  });

  describe('a KUBECONFIG list', () => {
    const first = () =>
      write(
        'first',
        kubeconfigYaml({
          current: 'one',
          clusters: [
            { name: 'c1', server: 'https://one.example' },
            { name: 'shared', server: 'https://shared-first.example' },
          ],
          contexts: [
            { name: 'one', cluster: 'c1', user: 'u1' },
            { name: 'both', cluster: 'shared', user: 'u1' },
          ],
        }),
      );
    const second = () =>
      write(
        'second',
        kubeconfigYaml({
          current: 'two',
          clusters: [
            { name: 'c2', server: 'https://two.example' },
            { name: 'shared', server: 'https://shared-second.example' },
          ],
          contexts: [
            { name: 'two', cluster: 'c2', user: 'u2' },
            { name: 'both', cluster: 'c2', user: 'u2' },
          ],
        }),
      );

    it("keeps the first file's current context and the contexts of both", () => {
      const sut = loadKubeConfig(lib, files(first(), second()));
      expect(sut.getCurrentContext()).toBe('one');
      expect(sut.getContexts().map((c) => c.name)).toEqual(['one', 'both', 'two']);
      expect(sut.getCurrentCluster()?.server).toBe('https://one.example');
    });

    it('selects a context defined only in a later file', () => {
      const sut = loadKubeConfig(lib, files(first(), second()), 'two');
      expect(sut.getCurrentCluster()?.server).toBe('https://two.example');
      expect(sut.getCurrentUser()?.token).toBe('token-of-u2');
    });

    it('lets the first file win for a name defined twice, as kubectl does (no "Duplicate" error)', () => {
      const sut = loadKubeConfig(lib, files(first(), second()), 'both');
      expect(sut.getCurrentCluster()?.server).toBe('https://shared-first.example');
      expect(sut.getCurrentUser()?.name).toBe('u1');
    });

    it('takes the current context from a later file when the first sets none', () => {
      const noCurrent = write(
        'no-current',
        kubeconfigYaml({
          clusters: [{ name: 'c0', server: 'https://zero.example' }],
          contexts: [{ name: 'zero', cluster: 'c0', user: 'u0' }],
        }),
      );
      expect(loadKubeConfig(lib, files(noCurrent, second())).getCurrentContext()).toBe('two');
    });

    it('lists the known contexts of every file when the context is unknown', () => {
      const source = files(first(), second());
      const err = configError(() => loadKubeConfig(lib, source, 'nope'));
      expect(err.hint).toBe('known contexts: one, both, two');
      expect(err.message).toContain(`(${source.kind === 'files' ? source.paths.join(delimiter) : ''})`);
    });

    it('names the missing file of the list', () => {
      const missing = join(tmp, 'missing');
      const err = configError(() => loadKubeConfig(lib, files(first(), missing)));
      expect(err.message).toContain(`${missing}: file not found`);
    });
  });

  it('resolves certificate paths relative to the kubeconfig file', () => {
    const path = write(
      'kc',
      stringify({
        'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: 'https://c', 'certificate-authority': 'ca.crt' } }],
        users: [{ name: 'u', user: {} }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    expect(loadKubeConfig(lib, files(path)).getCurrentCluster()?.caFile).toBe(join(tmp, 'ca.crt'));
  });
});

describe(buildClients.name, () => {
  it('describes the connection', () => {
    const base = loadKubeConfig(lib, files(write('kc', DEV)), 'prod');
    const sut = buildClients(lib, base, 1000);
    expect(sut).toMatchObject({ server: 'https://prod.example:6443', context: 'prod', user: 'alice' });
    expect(sut.watchKc).toBe(base);
    expect(sut.kc.getCurrentContext()).toBe('prod');
  });

  it('puts the credentials and a timeout signal on every request, but not on watches', async () => {
    const sut = buildClients(lib, loadKubeConfig(lib, files(write('kc', DEV))), 50);
    const request = new lib.RequestContext('https://dev.example:6443/api', lib.HttpMethod.GET);
    await sut.kc.applySecurityAuthentication(request);
    expect(request.getHeaders().Authorization).toBe('Bearer token-of-alice');
    const signal = request.getSignal();
    expect(signal).toBeDefined();
    await new Promise((done) => setTimeout(done, 100));
    expect(signal?.aborted).toBe(true);
    expect((signal?.reason as Error).name).toBe('TimeoutError');

    const watch = new lib.RequestContext('https://dev.example:6443/api', lib.HttpMethod.GET);
    await sut.watchKc.applySecurityAuthentication(watch);
    expect(watch.getSignal()).toBeUndefined();
  });

  it('keeps a signal the caller already set', async () => {
    const sut = buildClients(lib, loadKubeConfig(lib, files(write('kc', DEV))), 50);
    const request = new lib.RequestContext('https://dev.example:6443/api', lib.HttpMethod.GET);
    const mine = new AbortController().signal;
    request.setSignal(mine);
    await sut.kc.applySecurityAuthentication(request);
    expect(request.getSignal()).toBe(mine);
  });
});
