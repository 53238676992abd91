import { recordedAggregated, recordedLegacy } from '../../test/fixtures/discovery/recorded.js';
import {
  groupVersionsInPreferenceOrder,
  kindsFromAggregated,
  kindsFromLegacy,
  type AggregatedDiscovery,
} from './api-discovery.js';

describe(kindsFromAggregated.name, () => {
  const { core, groups } = recordedAggregated();
  const sut = kindsFromAggregated(core, groups);
  const byName = (qualified: string) =>
    sut.kinds.find((k) => (k.group ? `${k.plural}.${k.group}` : k.plural) === qualified);

  it('reads every kind, core group first, groups in server order', () => {
    expect(sut.kinds.length).toBeGreaterThan(60);
    expect(sut.kinds[0].group).toBe('');
    expect(sut.kinds.findIndex((k) => k.group !== '')).toBe(sut.kinds.filter((k) => k.group === '').length);
    const groupOrder = [...new Set(sut.kinds.map((k) => k.group))];
    expect(groupOrder.slice(0, 4)).toEqual(['', 'apiregistration.k8s.io', 'apps', 'events.k8s.io']);
    expect(sut.unavailable).toEqual([]);
  });

  it('describes a core kind', () => {
    expect(byName('pods')).toEqual({
      group: '',
      version: 'v1',
      apiVersion: 'v1',
      kind: 'Pod',
      plural: 'pods',
      singular: 'pod',
      namespaced: true,
      shortNames: ['po'],
      verbs: expect.arrayContaining(['get', 'list', 'watch', 'create', 'delete']),
    });
    expect(byName('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
  });

  it('describes a grouped kind', () => {
    expect(byName('deployments.apps')).toMatchObject({
      group: 'apps',
      version: 'v1',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      singular: 'deployment',
      shortNames: ['deploy'],
    });
  });

  it('takes each group at its preferred version, once', () => {
    expect(byName('horizontalpodautoscalers.autoscaling')).toMatchObject({
      version: 'v2',
      shortNames: ['hpa'],
    });
    expect(sut.kinds.filter((k) => k.plural === 'horizontalpodautoscalers')).toHaveLength(1);
    expect(byName('gadgets.fixtures.example.com')).toMatchObject({
      apiVersion: 'fixtures.example.com/v1',
      kind: 'Gadget',
      shortNames: ['gd'],
    });
  });

  it('leaves subresources out', () => {
    expect(
      sut.kinds.some((k) => k.plural.includes('/') || ['log', 'status', 'scale'].includes(k.plural)),
    ).toBe(false);
  });

  it('keeps kinds without short names or singular names usable', () => {
    expect(byName('secrets')).toMatchObject({ singular: 'secret', shortNames: [] });
  });

  it('names stale group versions (an aggregated API server that did not answer)', () => {
    const stale: AggregatedDiscovery = {
      kind: 'APIGroupDiscoveryList',
      items: [
        { metadata: { name: 'metrics.k8s.io' }, versions: [{ version: 'v1beta1', freshness: 'Stale' }] },
      ],
    };
    expect(kindsFromAggregated(core, stale).unavailable).toEqual(['metrics.k8s.io/v1beta1']);
  });
});

describe(kindsFromLegacy.name, () => {
  const { lists } = recordedLegacy();

  it('reads the same kinds as aggregated discovery for the same group versions', () => {
    const legacy = kindsFromLegacy(lists).kinds;
    const { core, groups } = recordedAggregated();
    const aggregated = kindsFromAggregated(core, groups).kinds;
    for (const kind of legacy) {
      const twin = aggregated.find((k) => k.group === kind.group && k.plural === kind.plural);
      expect(twin).toBeDefined();
      expect({ ...kind, verbs: [...kind.verbs].sort() }).toEqual({ ...twin, verbs: [...twin!.verbs].sort() });
    }
  });

  it('leaves subresources out (pods/log, deployments/scale)', () => {
    expect(lists[0].resources.some((r) => r.name === 'pods/log')).toBe(true);
    expect(kindsFromLegacy(lists).kinds.some((k) => k.plural.includes('/'))).toBe(false);
  });

  it('keeps the first version listed for a resource served at several', () => {
    const hpa = kindsFromLegacy(lists).kinds.filter((k) => k.plural === 'horizontalpodautoscalers');
    expect(hpa).toEqual([expect.objectContaining({ version: 'v2' })]);
  });

  it('falls back to the lowercase kind for an empty singular name', () => {
    const [kind] = kindsFromLegacy([
      {
        groupVersion: 'old.example.com/v1',
        resources: [{ name: 'things', singularName: '', namespaced: true, kind: 'Thing', verbs: ['get'] }],
      },
    ]).kinds;
    expect(kind).toMatchObject({
      group: 'old.example.com',
      apiVersion: 'old.example.com/v1',
      singular: 'thing',
    });
  });
});

describe(groupVersionsInPreferenceOrder.name, () => {
  it("lists each group's preferred version first, groups in server order", () => {
    const sut = groupVersionsInPreferenceOrder(recordedLegacy().apis);
    expect(sut.slice(0, 3)).toEqual(['apiregistration.k8s.io/v1', 'apps/v1', 'events.k8s.io/v1']);
    expect(sut.indexOf('autoscaling/v2')).toBe(sut.indexOf('autoscaling/v1') - 1);
    expect(sut.indexOf('fixtures.example.com/v1')).toBe(sut.indexOf('fixtures.example.com/v1beta1') - 1);
  });
});
