import { anObject, aService, aShopPod, lookupOf } from '../../../test/factories/graph-objects.js';
import { dependentEnd } from './edge-rule.js';
import { selectsRule as sut } from './selects.edge.js';

const pod = aShopPod();
const otherPod = anObject('Pod', 'db-0', { namespace: 'shop', labels: { app: 'db' } });
const foreignPod = anObject('Pod', 'frontend-x', { namespace: 'data', labels: { app: 'frontend' } });
const pdb = anObject(
  'PodDisruptionBudget',
  'frontend',
  { namespace: 'shop' },
  {
    spec: {
      minAvailable: 2,
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['frontend', 'api'] }] },
    },
  },
);
const np = anObject(
  'NetworkPolicy',
  'frontend-ingress',
  { namespace: 'shop' },
  {
    spec: {
      podSelector: { matchLabels: { app: 'frontend' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'edge' } } }] }],
    },
  },
);
const edgeNs = anObject('Namespace', 'ingress', { labels: { tier: 'edge' } });
const plainNs = anObject('Namespace', 'data', { labels: {} });

describe('selectsRule', () => {
  const lookup = lookupOf([pod, otherPod, foreignPod, pdb, np, edgeNs, plainNs]);

  it('Service → the pods of its namespace its selector matches', () => {
    const svc = aService('frontend', 'shop', { app: 'frontend' });
    expect(sut.derive(svc, 'Service', lookup).map((e) => e.to)).toEqual([
      { kind: 'Pod', namespace: 'shop', name: pod.metadata.name },
    ]);
    expect(sut.derive(aService('external', 'shop'), 'Service', lookup)).toEqual([]);
  });

  it('PodDisruptionBudget → pods by matchExpressions', () => {
    expect(sut.derive(pdb, 'PodDisruptionBudget', lookup).map((e) => e.to.name)).toEqual([pod.metadata.name]);
  });

  it('NetworkPolicy → its pods and the namespaces its peers select, both depending on it', () => {
    const edges = sut.derive(np, 'NetworkPolicy', lookup);
    expect(
      edges.map((e) => `${e.to.kind}/${e.to.name}:${dependentEnd(e.type, e.from.kind, e.to.kind)}`),
    ).toEqual([`Pod/${pod.metadata.name}:to`, 'Namespace/ingress:to']);
  });

  it('reverse: finds every selector in the cache that matches a pod, or a namespace', () => {
    const svc = aService('frontend', 'shop', { app: 'frontend' });
    const all = lookupOf([svc, pdb, np, pod, edgeNs]);
    expect(
      sut.reverse!(pod, 'Pod', all)
        .map((e) => e.from.kind)
        .sort(),
    ).toEqual(['NetworkPolicy', 'PodDisruptionBudget', 'Service']);
    expect(sut.reverse!(otherPod, 'Pod', all)).toEqual([]);
    expect(sut.reverse!(edgeNs, 'Namespace', all).map((e) => e.from.name)).toEqual(['frontend-ingress']);
    expect(sut.reverse!(plainNs, 'Namespace', all)).toEqual([]);
  });
});
