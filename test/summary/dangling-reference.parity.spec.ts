// One relation extractor: the summary's dangling references come from the graph's edge rules
// (graph/edges), with ENABLE_KNOWLEDGE_GRAPH on (the GraphService) and off (the same rules run over
// the snapshot), so the findings are identical. Before, the summary re-derived pod references
// itself and missed imagePullSecrets and ephemeral containers, and named edges env/env-from where
// the graph says uses: the findings changed with the setting.
import type { AppConfig } from '../../src/config/app-config.js';
import { GraphService } from '../../src/graph/graph.service.js';
import type { KubeObject } from '../../src/k8s/kube-object.js';
import { danglingReferenceDetector } from '../../src/summary/detectors/dangling-reference.detector.js';
import { DEFAULT_THRESHOLDS } from '../../src/summary/detectors/detector.js';
import { graphSummary } from '../../src/summary/graph-summary.js';
import { SnapshotSummaryGraph } from '../../src/summary/summary-graph.js';
import { Informer } from '../../src/sync/informer.js';
import type { InformerRegistry } from '../../src/sync/informer-registry.js';
import { WATCHED_KINDS } from '../../src/sync/watched-kinds.js';
import { anObject, aPod, snapshotOf } from '../factories/cluster-objects.js';

const config = {
  ENABLE_KNOWLEDGE_GRAPH: true,
  GRAPH_TTL: 0,
  GRAPH_MEMORY_LIMIT: 1024,
  GRAPH_MAX_DEPTH: 3,
} as unknown as AppConfig;

const withSpec = (pod: KubeObject, spec: Record<string, unknown>): KubeObject => ({
  ...pod,
  spec: { ...(pod.spec as object), ...spec },
});

const OBJECTS: KubeObject[] = [
  anObject('ConfigMap', 'present'),
  withSpec(
    aPod('web-1', {
      volumes: [
        { name: 'conf', configMap: { name: 'web-config' } },
        { name: 'opt', configMap: { name: 'maybe', optional: true } },
        { name: 'proj', projected: { sources: [{ secret: { name: 'projected-token' } }] } },
        { name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } },
      ],
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      envFrom: [{ configMapRef: { name: 'present' } }],
    }),
    {
      imagePullSecrets: [{ name: 'registry-creds' }],
      initContainers: [{ name: 'init', image: 'i', envFrom: [{ configMapRef: { name: 'init-config' } }] }],
      ephemeralContainers: [
        {
          name: 'debug',
          image: 'd',
          env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'debug-token' } } }],
        },
      ],
    },
  ),
  aPod('fine', { envFrom: [{ configMapRef: { name: 'present' } }] }),
];

function viaGraph(objects: readonly KubeObject[]) {
  const informers = new Map(WATCHED_KINDS.map((k) => [k.ref.kind, new Informer(k)]));
  for (const o of objects) informers.get(o.kind!)!.upsert(o);
  const registry = {
    informers: () => [...informers.values()],
    informer: (kind: string) => informers.get(kind),
    hasSynced: () => true,
    ready: () => new Promise<void>(() => undefined),
  } as unknown as InformerRegistry;
  const graph = new GraphService(config, registry);
  graph.onModuleInit();
  return graphSummary(graph);
}

const findings = (objects: readonly KubeObject[], on: boolean) => {
  const snapshot = snapshotOf(objects);
  const graph = on ? viaGraph(objects) : new SnapshotSummaryGraph(snapshot);
  return danglingReferenceDetector.detect({ snapshot, graph, thresholds: DEFAULT_THRESHOLDS });
};

describe('dangling references with ENABLE_KNOWLEDGE_GRAPH on and off', () => {
  it('are the same findings, and follow every reference the graph follows', () => {
    const on = findings(OBJECTS, true);
    const off = findings(OBJECTS, false);
    expect(off).toEqual(on);
    expect(on).toEqual([
      expect.objectContaining({
        name: 'web-1',
        count: 7,
        message:
          'references missing ConfigMap init-config (uses), ConfigMap web-config (mounts), PersistentVolumeClaim data-web-1 (mounts), Secret db (uses), Secret debug-token (uses), Secret projected-token (mounts), Secret registry-creds (uses)',
      }),
    ]);
  });

  it('agree on a cluster without dangling references too', () => {
    expect(findings([anObject('ConfigMap', 'present'), OBJECTS[2]!], false)).toEqual([]);
    expect(findings([anObject('ConfigMap', 'present'), OBJECTS[2]!], true)).toEqual([]);
  });
});
