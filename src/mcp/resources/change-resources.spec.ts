import { jest } from '@jest/globals';
import type { AppConfig } from '../../config/app-config.js';
import type { KubeObject } from '../../k8s/kube-object.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import { Informer } from '../../sync/informer.js';
import type { InformerRegistry } from '../../sync/informer-registry.js';
import { WATCHED_KINDS } from '../../sync/watched-kinds.js';
import { ChangeJournalService } from '../../timeline/change-journal.service.js';
import { CHANGES_URI, ChangeResources } from './change-resources.js';
import { MIN_NOTIFY_INTERVAL_MS } from './summary-resources.js';

const config = {
  K8S_ALLOWED_NAMESPACES: [],
  K8S_FORBIDDEN_NAMESPACES: ['vault'],
  MAX_SUMMARY_SIZE_KB: 10,
  TIMELINE_ENABLED: true,
  TIMELINE_MAX_AGE: 3600,
  TIMELINE_MEMORY_LIMIT: 8,
} as unknown as AppConfig;

const cm = (namespace: string, name: string, rv = '1'): KubeObject => ({
  kind: 'ConfigMap',
  metadata: { name, namespace, uid: `${namespace}-${name}`, resourceVersion: rv },
});

function setup() {
  const informers = WATCHED_KINDS.map((k) => new Informer(k));
  const registry = { informers: () => informers } as unknown as InformerRegistry;
  const journal = new ChangeJournalService(config, registry);
  journal.onModuleInit();
  const sut = new ChangeResources(config, journal, new NamespacePolicy(config));
  sut.onModuleInit();
  const put = (o: KubeObject) => informers.find((i) => i.kind.ref.kind === o.kind)!.upsert(o);
  return { sut, put, journal };
}

describe(ChangeResources.name, () => {
  afterEach(() => jest.useRealTimers());

  it('lists k8s://changes and reads the last hour of visible changes', async () => {
    const { sut, put } = setup();
    expect(sut.list().map((r) => r.uri)).toEqual([CHANGES_URI]);
    put(cm('shop', 'web-config'));
    put(cm('vault', 'master-key'));
    const result = await sut.read(CHANGES_URI);
    const [plain, json] = result.contents as { text: string }[];
    const text = plain!.text;
    expect(text).toContain('ConfigMap shop/web-config');
    expect(text).not.toContain('vault');
    expect(text).not.toContain('master-key');
    expect(JSON.parse(json!.text)).toMatchObject({ hidden: 1 });
    sut.onApplicationShutdown();
  });

  it('tells subscribers after a burst settles, at most once per interval, never for a hidden namespace', () => {
    jest.useFakeTimers();
    const { sut, put } = setup();
    let told = 0;
    const end = sut.subscribe(CHANGES_URI, () => told++);
    put(cm('vault', 'master-key'));
    jest.advanceTimersByTime(MIN_NOTIFY_INTERVAL_MS * 2);
    expect(told).toBe(0);
    put(cm('shop', 'a'));
    put(cm('shop', 'b'));
    jest.advanceTimersByTime(499);
    expect(told).toBe(0);
    jest.advanceTimersByTime(1);
    expect(told).toBe(1);
    // Right after a notification: the next waits out the interval.
    put(cm('shop', 'c'));
    jest.advanceTimersByTime(MIN_NOTIFY_INTERVAL_MS - 1);
    expect(told).toBe(1);
    jest.advanceTimersByTime(1);
    expect(told).toBe(2);
    end();
    put(cm('shop', 'd'));
    jest.advanceTimersByTime(MIN_NOTIFY_INTERVAL_MS * 2);
    expect(told).toBe(2);
    sut.onApplicationShutdown();
  });
});
