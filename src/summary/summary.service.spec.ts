import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import type { K8sService } from '../k8s/k8s.service.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import type { InformerRegistry } from '../sync/informer-registry.js';
import { SummaryService } from './summary.service.js';
import type { WebhookSource } from './webhook-source.js';

const config = {
  MAX_SUMMARY_SIZE_KB: 10,
  K8S_ALLOWED_NAMESPACES: [],
  K8S_FORBIDDEN_NAMESPACES: ['vault'],
} as unknown as AppConfig;

function registry(synced: boolean, phase: 'synced' | 'syncing' | 'stopped' = synced ? 'synced' : 'syncing') {
  return {
    hasSynced: () => synced,
    ready: () => (synced ? Promise.resolve() : new Promise<void>(() => undefined)),
    status: () => ({ phase, kinds: [{ kind: 'Pod', synced, state: 'healthy' }] }),
    informer: () => undefined,
    informers: () => [],
  } as unknown as InformerRegistry;
}

const k8s = {
  status: () => ({ version: 'v1.34.0' }),
  probe: () => Promise.resolve(),
} as unknown as K8sService;
const webhooks = { current: () => [], refreshIfStale: () => Promise.resolve() } as unknown as WebhookSource;

describe(SummaryService.name, () => {
  it('waits briefly for the first sync, then fails with SYNC.NOT_READY naming what it waits for', async () => {
    const sut = new SummaryService(config, registry(false), k8s, new NamespacePolicy(config), webhooks);
    const err = await sut.whenReady(20).catch((e: unknown) => e);
    expect(AppError.is(err, 'SYNC.NOT_READY')).toBe(true);
    expect((err as AppError).message).toContain('still on its first sync after 0.02 s (waiting for Pod)');
  });

  it('says when the watch cache is not running at all', async () => {
    const sut = new SummaryService(
      config,
      registry(false, 'stopped'),
      k8s,
      new NamespacePolicy(config),
      webhooks,
    );
    await expect(sut.whenReady(10)).rejects.toThrow('the watch cache is not running');
  });

  it('refuses a hidden namespace before anything else', async () => {
    const sut = new SummaryService(config, registry(true), k8s, new NamespacePolicy(config), webhooks);
    await expect(
      sut.summarize({ type: 'namespace', namespace: 'vault', includeAnomalies: true }),
    ).rejects.toThrow("namespace 'vault' not found");
  });

  it('summarises an empty cache as data: the version, the policy in numbers, empty sections', async () => {
    const sut = new SummaryService(config, registry(true), k8s, new NamespacePolicy(config), webhooks);
    const r = await sut.summarize({ type: 'overview', includeAnomalies: true });
    expect(r).toMatchObject({ type: 'overview', version: 'v1.34.0', nodes: 0, pods: 0, findings: [] });
    expect(r.policy).toEqual({ allowed: undefined, denied: 1 });
    expect(r.sections.map((s) => s.id)).toEqual([
      'anomalies',
      'nodes',
      'namespaces',
      'workloads',
      'services',
      'pvcs',
      'events',
      'restarts',
    ]);
    // Data, never text: nothing in it names the hidden namespace either.
    expect(JSON.stringify(r)).not.toContain('vault');
  });
});
