// The resource-kind catalogue against the real API server: built-in kinds resolve from discovery,
// and a CRD created during the run becomes resolvable without a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiextensionsV1Api, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { AppError } from '../../src/common/errors/app-error.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { loadConfig } from '../../src/config/config.loader.js';
import { discoverResourceKinds } from '../../src/k8s/api-discovery.js';
import { K8sModule } from '../../src/k8s/k8s.module.js';
import { K8sService } from '../../src/k8s/k8s.service.js';
import { ResourceCatalogue } from '../../src/k8s/resource-catalogue.js';
import { SecurityModule } from '../../src/security/security.module.js';
import { adminClients, apiStatus, testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';

// A group of its own per run, so parallel or aborted runs never see each other's CRD.
const GROUP = `e2e-${process.pid}.example.com`;
const CRD_NAME = `widgets.${GROUP}`;

function widgetCrd(): V1CustomResourceDefinition {
  const schema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: CRD_NAME },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
      versions: [{ name: 'v1', served: true, storage: true, schema }],
    },
  };
}

describe(`${ResourceCatalogue.name} (e2e)`, () => {
  let cwd: string;
  let config: AppConfig;
  let sut: ResourceCatalogue;
  let k8s: K8sService;
  let crds: ApiextensionsV1Api;
  let close: () => Promise<void>;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    cwd = mkdtempSync(join(tmpdir(), 'k8s-mcp-catalogue-'));
    config = loadConfig({ flags: { KUBECONFIG_PATH: testKubeconfigPath() }, env: {}, cwd });
    // Through Nest, as the server wires it: the catalogue is a K8sModule provider.
    const module = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), SecurityModule, K8sModule],
    }).compile();
    sut = module.get(ResourceCatalogue);
    k8s = module.get(K8sService);
    close = () => module.close();
    crds = adminClients().kc.makeApiClient(ApiextensionsV1Api);
  });

  afterAll(async () => {
    try {
      await crds?.deleteCustomResourceDefinition({ name: CRD_NAME });
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
    }
    await close?.();
    rmSync(cwd, { recursive: true, force: true });
  });

  it.each([
    ['po', 'v1', 'Pod', true],
    ['Deployment', 'apps/v1', 'Deployment', true],
    ['deployments.apps', 'apps/v1', 'Deployment', true],
    ['svc', 'v1', 'Service', true],
    ['no', 'v1', 'Node', false],
    ['ns', 'v1', 'Namespace', false],
    ['hpa', 'autoscaling/v2', 'HorizontalPodAutoscaler', true],
    ['events', 'v1', 'Event', true],
    ['crd', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', false],
  ])('resolves the built-in %j to %s %s', async (name, apiVersion, kind, namespaced) => {
    await expect(sut.resolve(name)).resolves.toMatchObject({ apiVersion, kind, namespaced });
  });

  it('lists every served kind, core first, without subresources', async () => {
    const kinds = await sut.list();
    expect(kinds.length).toBeGreaterThan(50);
    expect(kinds[0].group).toBe('');
    expect(kinds.some((k) => k.plural.includes('/'))).toBe(false);
    expect(sut.unavailableGroupVersions()).toEqual([]);
  });

  it('reads the same kinds through legacy discovery (the fallback for servers without aggregated discovery)', async () => {
    const clients = await k8s.clients();
    const [aggregated, legacy] = await Promise.all([
      discoverResourceKinds(clients),
      discoverResourceKinds(clients, { aggregated: false }),
    ]);
    const key = (k: { apiVersion: string; plural: string }) => `${k.apiVersion} ${k.plural}`;
    expect(legacy.kinds.map(key).sort()).toEqual(aggregated.kinds.map(key).sort());
    expect(legacy.unavailable).toEqual([]);
  });

  it('refuses an unknown kind with close matches', async () => {
    const err = await sut.resolve('deploymnet').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'INPUT.INVALID' });
    expect((err as AppError).hint).toMatch(/^did you mean deployments\.apps/);
  });

  it('finds a CRD created after the catalogue was loaded, by short name, singular and plural.group', async () => {
    await expect(sut.resolve('wd')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    await crds.createCustomResourceDefinition({ body: widgetCrd() });
    const started = Date.now();
    const widget = await expectEventually(() => sut.resolve('wd'), {
      timeoutMs: 20_000,
      description: `catalogue resolves 'wd' to ${CRD_NAME}`,
    });
    expect(widget).toEqual({
      group: GROUP,
      version: 'v1',
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      namespaced: true,
      shortNames: ['wd'],
      verbs: expect.arrayContaining(['get', 'list', 'watch', 'create', 'delete']),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(sut.resolve('widget')).resolves.toBe(widget);
    await expect(sut.resolve('Widget')).resolves.toBe(widget);
    await expect(sut.resolve(CRD_NAME)).resolves.toBe(widget);
  });
});
