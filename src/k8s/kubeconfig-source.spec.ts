import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describeSource, resolveKubeconfigSource, type SourceProbe } from './kubeconfig-source.js';

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A probe that sees exactly the given paths. */
function probe(...present: string[]): SourceProbe {
  const seen = new Set(present);
  return { home: '/home/u', serviceAccountDir: SA_DIR, exists: (p) => seen.has(p) };
}

describe(resolveKubeconfigSource.name, () => {
  const HOME_CONFIG = '/home/u/.kube/config';
  const SA_TOKEN = `${SA_DIR}/token`;

  it('works without a home directory (an arbitrary container UID): skips ~/.kube/config', () => {
    const homeless = { ...probe(SA_TOKEN), home: undefined };
    expect(resolveKubeconfigSource({}, homeless)).toEqual({ kind: 'in-cluster' });
    expect(resolveKubeconfigSource({}, { ...homeless, exists: () => false })).toEqual({
      kind: 'none',
      tried: ['~/.kube/config (no home directory)', `in-cluster service account (${SA_DIR})`],
    });
  });

  it('uses KUBECONFIG_PATH first, even when the file is missing (so the error names it)', () => {
    const sut = resolveKubeconfigSource(
      { KUBECONFIG_PATH: '/missing/kc', KUBECONFIG: '/a' },
      probe('/a', HOME_CONFIG, SA_TOKEN),
    );
    expect(sut).toEqual({ kind: 'files', paths: ['/missing/kc'], origin: 'KUBECONFIG_PATH' });
  });

  it('uses the $KUBECONFIG list next, in order, skipping missing entries and empty items', () => {
    const list = ['/a', '/missing', '', '/b'].join(delimiter);
    const sut = resolveKubeconfigSource({ KUBECONFIG: list }, probe('/a', '/b', HOME_CONFIG));
    expect(sut).toEqual({ kind: 'files', paths: ['/a', '/b'], origin: 'KUBECONFIG' });
  });

  it('treats an empty KUBECONFIG_PATH as unset', () => {
    const sut = resolveKubeconfigSource({ KUBECONFIG_PATH: '', KUBECONFIG: '/a' }, probe('/a'));
    expect(sut).toEqual({ kind: 'files', paths: ['/a'], origin: 'KUBECONFIG' });
  });

  it('falls back to ~/.kube/config when no $KUBECONFIG entry exists', () => {
    const sut = resolveKubeconfigSource({ KUBECONFIG: ['/x', '/y'].join(delimiter) }, probe(HOME_CONFIG));
    expect(sut).toEqual({ kind: 'files', paths: [HOME_CONFIG], origin: 'home' });
  });

  it('prefers ~/.kube/config over the in-cluster service account', () => {
    expect(resolveKubeconfigSource({}, probe(HOME_CONFIG, SA_TOKEN))).toMatchObject({ origin: 'home' });
  });

  it('uses the in-cluster service account when there is no kubeconfig', () => {
    expect(resolveKubeconfigSource({}, probe(SA_TOKEN))).toEqual({ kind: 'in-cluster' });
  });

  it('reports everything it tried when nothing is found', () => {
    const sut = resolveKubeconfigSource({ KUBECONFIG: ['/x', '/y'].join(delimiter) }, probe());
    expect(sut).toEqual({
      kind: 'none',
      tried: ['/x', '/y', HOME_CONFIG, `in-cluster service account (${SA_DIR})`],
    });
  });

  describe('on real files', () => {
    let tmp: string;
    let home: string;
    let fsProbe: SourceProbe;

    beforeEach(() => {
      tmp = mkdtempSync(join(tmpdir(), 'k8s-mcp-source-'));
      home = join(tmp, 'home');
      mkdirSync(join(home, '.kube'), { recursive: true });
      fsProbe = { home, exists: existsSync, serviceAccountDir: join(tmp, 'sa') };
    });

    afterEach(() => rmSync(tmp, { recursive: true, force: true }));

    it('walks the same order as the files appear', () => {
      const a = join(tmp, 'a.yaml');
      const homeConfig = join(home, '.kube', 'config');
      const list = [a, join(tmp, 'gone.yaml')].join(delimiter);

      expect(resolveKubeconfigSource({ KUBECONFIG: list }, fsProbe)).toMatchObject({ kind: 'none' });

      mkdirSync(join(tmp, 'sa'));
      writeFileSync(join(tmp, 'sa', 'token'), 'token');
      expect(resolveKubeconfigSource({ KUBECONFIG: list }, fsProbe)).toEqual({ kind: 'in-cluster' });

      writeFileSync(homeConfig, 'apiVersion: v1\n');
      expect(resolveKubeconfigSource({ KUBECONFIG: list }, fsProbe)).toEqual({
        kind: 'files',
        paths: [homeConfig],
        origin: 'home',
      });

      writeFileSync(a, 'apiVersion: v1\n');
      expect(resolveKubeconfigSource({ KUBECONFIG: list }, fsProbe)).toEqual({
        kind: 'files',
        paths: [a],
        origin: 'KUBECONFIG',
      });
    });
  });
});

describe(describeSource.name, () => {
  it('joins file paths with the platform delimiter', () => {
    expect(describeSource({ kind: 'files', paths: ['/a', '/b'], origin: 'KUBECONFIG' })).toBe(
      ['/a', '/b'].join(delimiter),
    );
  });

  it('names the in-cluster and missing cases', () => {
    expect(describeSource({ kind: 'in-cluster' })).toBe('in-cluster service account');
    expect(describeSource({ kind: 'none', tried: ['/x'] })).toBe('none found');
  });
});
