import {
  aPod,
  aService,
  aWorkload,
  anEndpointSlice,
  anEvent,
  anObject,
  ago,
  snapshotOf,
} from '../../../test/factories/cluster-objects.js';
import { byteLength } from './budget-renderer.js';
import { summaryAnswer } from '../../../test/factories/summary-text.js';
import { buildSummary, detectAnomalies, type Summary } from '../../summary/summary-builder.js';
import { findingData } from './finding-text.js';
import { renderSummary } from './summary-text.js';

// The sample application's failures in miniature: a crashing pod behind a Service, a lone image
// pull failure, an OOM-killed worker, and a healthy workload.
function sampleCluster() {
  const crash = {
    name: 'payment',
    restartCount: 6,
    waiting: { reason: 'CrashLoopBackOff' },
    lastTerminated: { reason: 'Error', exitCode: 1, finishedAt: ago(20) },
  };
  return [
    aWorkload('Deployment', 'payment', { namespace: 'shop', available: 0, ready: 0 }),
    aPod('payment-1', { namespace: 'shop', labels: { app: 'payment' }, containers: [crash] }),
    aService('payment', { namespace: 'shop' }),
    anEndpointSlice('payment', { namespace: 'shop', notReady: 1 }),
    aWorkload('Deployment', 'recommendations', { namespace: 'shop', available: 0, ready: 0 }),
    aPod('recommendations-1', {
      namespace: 'shop',
      labels: { app: 'recommendations' },
      phase: 'Pending',
      containers: [{ waiting: { reason: 'ImagePullBackOff', message: 'not found' } }],
    }),
    aPod('worker-1', {
      namespace: 'data',
      labels: { app: 'worker' },
      containers: [
        {
          ready: true,
          restartCount: 3,
          lastTerminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(60) },
        },
      ],
    }),
    aWorkload('Deployment', 'frontend', { namespace: 'shop', replicas: 3 }),
    ...[1, 2, 3].map((i) => aPod(`frontend-${i}`, { namespace: 'shop', labels: { app: 'frontend' } })),
    aService('frontend', { namespace: 'shop' }),
    anEndpointSlice('frontend', { namespace: 'shop', ready: 3 }),
    aPod('secret-1', {
      namespace: 'vault',
      labels: { app: 'x' },
      containers: [{ waiting: { reason: 'CrashLoopBackOff' } }],
    }),
    ...['vault', 'shop', 'data'].map((ns) => anObject('Namespace', ns, {}, { clusterScoped: true })),
  ];
}

describe('buildSummary', () => {
  it('ranks the failing Service-backed workload above the lone failures', () => {
    const findings = detectAnomalies({ snapshot: snapshotOf(sampleCluster()) });
    const order = findings.map((f) => `${f.kind}/${f.name}:${f.reason}`);
    const first = (prefix: string) => order.findIndex((o) => o.startsWith(prefix));
    expect(first('Deployment/payment')).toBe(0);
    expect(first('Pod/payment-1')).toBeLessThan(first('Pod/recommendations-1'));
    expect(first('Pod/payment-1')).toBeLessThan(first('Pod/worker-1'));
    expect(order).not.toContainEqual(expect.stringMatching(/frontend/));
  });

  it('counts hidden namespaces and never names them or their objects', () => {
    const snapshot = snapshotOf(sampleCluster(), { hidden: ['vault'] });
    for (const type of ['overview', 'anomalies', 'workloads', 'nodes'] as const) {
      const r = summaryAnswer({ snapshot }, { type, maxBytes: 20 * 1024, includeAnomalies: true });
      expect(r.text).not.toMatch(/vault|secret-1/);
      expect(JSON.stringify(r.structured)).not.toMatch(/vault|secret-1/);
    }
    const overview = summaryAnswer(
      { snapshot },
      { type: 'overview', maxBytes: 20 * 1024, includeAnomalies: true },
    );
    expect(overview.text).toContain('Hidden by the namespace policy: 1 namespace, ');
    expect(overview.structured.hidden).toEqual({ namespaces: 1, objects: 1 });
  });

  it('drops findings about hidden namespaces even when the graph reports them', () => {
    const graph = {
      impactCount: () => 1,
      danglingEdges: () => [
        {
          from: { kind: 'Pod', namespace: 'vault', name: 'p' },
          to: { kind: 'Secret', namespace: 'vault', name: 's' },
          type: 'mounts',
        },
      ],
    };
    const findings = detectAnomalies({ snapshot: snapshotOf(sampleCluster(), { hidden: ['vault'] }), graph });
    expect(findings.filter((f) => f.namespace === 'vault')).toEqual([]);
  });

  it('a namespace summary shows that namespace only, with pods, workloads and services', () => {
    const r = summaryAnswer(
      { snapshot: snapshotOf(sampleCluster()) },
      { type: 'namespace', namespace: 'shop', maxBytes: 10 * 1024, includeAnomalies: true },
    );
    expect(r.text).toContain('Cluster summary: namespace shop');
    expect(r.text).toContain('## Pods: 5');
    expect(r.text).toContain('- Deployment shop/payment: desired 1, ready 0, available 0 UNHEALTHY');
    expect(r.text).toContain('- shop/payment (ClusterIP): 0/1 endpoints ready, selector matches 1 pod');
    expect(r.text).not.toContain('worker-1');
  });

  it('puts everything the issue lists into the overview, and the same facts into structuredContent', () => {
    const r = summaryAnswer(
      { snapshot: snapshotOf(sampleCluster()) },
      { type: 'overview', maxBytes: 10 * 1024, includeAnomalies: true },
    );
    for (const part of [
      'Kubernetes v1.34.0',
      'Data: watch cache, synced',
      '## Anomalies',
      '## Nodes',
      '## Namespaces',
      '## Workloads',
      '## Services without ready endpoints',
      '## PersistentVolumeClaims',
      '## Warning events',
      '## Top restarting pods',
    ])
      expect(r.text).toContain(part);
    expect(byteLength(r.text)).toBe(r.structured.bytes);
    const sections = r.structured.sections as Record<string, { items: unknown[]; shown: number }>;
    expect(sections.anomalies!.items).toHaveLength(sections.anomalies!.shown);
    expect(r.structured.truncated).toBe(false);
  });

  it('include_anomalies false leaves them out', () => {
    const r = summaryAnswer(
      { snapshot: snapshotOf(sampleCluster()) },
      { type: 'overview', maxBytes: 10 * 1024, includeAnomalies: false },
    );
    expect(r.text).not.toContain('## Anomalies');
  });

  it('answers a namespace that does not exist, or is hidden, as not found with the visible names like it', () => {
    const snapshot = snapshotOf(sampleCluster(), { hidden: ['vault'] });
    const ask = (namespace: string) => () =>
      summaryAnswer({ snapshot }, { type: 'namespace', namespace, maxBytes: 4096, includeAnomalies: true });
    expect(ask('shopp')).toThrow("namespace 'shopp' not found");
    expect(ask('shopp')).toThrow(
      expect.objectContaining({ hint: expect.stringContaining("namespace 'shop'") }),
    );
    // The hidden namespace reads exactly as a missing one, and no suggestion names it.
    expect(ask('vault')).toThrow("namespace 'vault' not found");
    expect(ask('vaul')).toThrow(expect.objectContaining({ hint: expect.not.stringContaining('vault') }));
  });

  it('says when a view is filtered: node anomalies are counted against the whole cluster', () => {
    const snapshot = snapshotOf(sampleCluster());
    const nodes = summaryAnswer({ snapshot }, { type: 'nodes', maxBytes: 4096, includeAnomalies: true });
    const total = detectAnomalies({ snapshot }).length;
    expect(total).toBeGreaterThan(0);
    expect(nodes.text).toContain(`Node anomalies: 0 of ${total} in the cluster (only findings about Nodes;`);
    expect(nodes.text).toContain(`none here: all ${total} of the cluster's findings are outside this filter`);
    expect(nodes.text).not.toContain('none detected');
  });

  it('the nodes view under a namespace says it answers for the whole cluster, pods counted cluster-wide', () => {
    const snapshot = snapshotOf(sampleCluster());
    const whole = summaryAnswer({ snapshot }, { type: 'nodes', maxBytes: 4096, includeAnomalies: true });
    const asked = summaryAnswer(
      { snapshot },
      { type: 'nodes', namespace: 'shop', maxBytes: 4096, includeAnomalies: true },
    );
    const header = (t: string) => t.split('\n')[0];
    expect(header(whole.text)).toMatch(/^Cluster summary: nodes \(whole cluster\) · /);
    expect(header(asked.text)).toMatch(
      /^Cluster summary: nodes \(whole cluster: nodes belong to no namespace, so namespace shop filters nothing here\) · /,
    );
    // The same node and pod counts either way: the namespace does not narrow the nodes' pods.
    const counts = (t: string) => /· (\d+ nodes, \d+ pods)$/.exec(header(t))?.[1];
    expect(counts(asked.text)).toBe(counts(whole.text));
    expect(counts(whole.text)).toBe(
      `${snapshot.all('Node').length} nodes, ${snapshot.all('Pod').length} pods`,
    );
  });

  it("the overview's workloads title says that only the unhealthy ones are listed", () => {
    const snapshot = snapshotOf(sampleCluster());
    const overview = summaryAnswer(
      { snapshot },
      { type: 'overview', maxBytes: 16384, includeAnomalies: false },
    );
    const workloads = summaryAnswer(
      { snapshot },
      { type: 'workloads', maxBytes: 16384, includeAnomalies: false },
    );
    const title = (t: string) => t.split('\n').find((l) => l.includes('Workloads: ')) ?? '';
    expect(title(overview.text)).toMatch(/\d+ unhealthy \(only the unhealthy are listed\)$/);
    expect(title(workloads.text)).not.toContain('listed');
    const listed = overview.text
      .split('\n')
      .filter((l) => /^- (Deployment|StatefulSet|DaemonSet|Job|CronJob) /.test(l));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((l) => l.endsWith(' UNHEALTHY'))).toBe(true);
  });

  it('says what a namespace or kind filter keeps, not only how many it left out', () => {
    const snapshot = snapshotOf(sampleCluster());
    const total = detectAnomalies({ snapshot }).length;
    const ask = (type: 'workloads' | 'overview', namespace: string) =>
      summaryAnswer({ snapshot }, { type, namespace, maxBytes: 8192, includeAnomalies: true }).text;
    expect(ask('workloads', 'shop')).toMatch(
      new RegExp(
        `Workload \\(namespace shop\\) anomalies: \\d+ of ${total} in the cluster \\(only findings about workloads and their pods, HPAs and PDBs;`,
      ),
    );
    expect(ask('overview', 'data')).toMatch(
      new RegExp(
        `Namespace data anomalies: 1 of ${total} in the cluster \\(only findings in namespace data;`,
      ),
    );
  });

  it("keeps a warning event's last words: a long message loses its middle, at every budget", () => {
    const image = 'registry.invalid/shop/recommendations:1.0';
    const message = `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
    const snapshot = snapshotOf([
      ...sampleCluster(),
      anEvent('Failed', { kind: 'Pod', name: 'recommendations-1', namespace: 'shop' }, { message, count: 4 }),
    ]);
    for (const kb of [1, 2, 5, 10]) {
      const r = summaryAnswer(
        { snapshot },
        { type: 'overview', maxBytes: kb * 1024, includeAnomalies: true },
      );
      const line = r.text.split('\n').find((l) => l.startsWith('- Failed ×4'));
      if (!line) continue; // the events section may not fit the smallest budgets; its cut is announced
      expect({ kb, end: line.endsWith(`${image}: not found`) }).toEqual({ kb, end: true });
      expect(line).toContain('latest Pod shop/recommendations-1: Failed to pull image');
    }
    const full = summaryAnswer(
      { snapshot },
      { type: 'overview', maxBytes: 10 * 1024, includeAnomalies: true },
    );
    expect(full.text).toMatch(
      /- Failed ×4 on 1 object; latest Pod shop\/recommendations-1: Failed to pull image .*…/,
    );
  });

  it('is data until the MCP layer renders it: the same text from the summary after a JSON round trip', () => {
    const snapshot = snapshotOf(sampleCluster());
    for (const type of ['overview', 'anomalies', 'nodes', 'workloads'] as const) {
      const summary = buildSummary({ snapshot }, { type, includeAnomalies: true });
      // Sections carry rows and totals, findings carry evidence: no rendered text anywhere in them.
      for (const section of summary.sections) {
        expect(Object.keys(section)).not.toEqual(expect.arrayContaining(['title']));
        expect(Object.keys(section)).not.toEqual(expect.arrayContaining(['items']));
      }
      const copy = JSON.parse(JSON.stringify(summary)) as Summary;
      expect(renderSummary(copy, 4096).text).toBe(renderSummary(summary, 4096).text);
      expect(renderSummary(summary, 4096).text).toBe(
        summaryAnswer({ snapshot }, { type, includeAnomalies: true, maxBytes: 4096 }).text,
      );
    }
  });
});

describe('hints', () => {
  it('are data in the summary and text only in the MCP layer: calls written as the model calls them', () => {
    const f = detectAnomalies({ snapshot: snapshotOf(sampleCluster()) }).find((x) => x.name === 'payment-1');
    expect(f).toBeDefined();
    expect(f!.hint.some((s) => typeof s !== 'string')).toBe(true);
    expect(JSON.stringify(f!.hint)).not.toMatch(/k8s-[a-z-]+ \{/);
    expect(findingData(f!).hint).toMatch(
      /k8s-get-logs \{"namespace":"shop","pod":"payment-1",.*"previous":true\}/,
    );
  });
});
