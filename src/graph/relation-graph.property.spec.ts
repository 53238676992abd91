import fc from 'fast-check';
import type { KubeObject } from '../k8s/kube-object.js';
import { anObject, lookupOf } from '../../test/factories/graph-objects.js';
import { WATCHED_KINDS } from '../sync/watched-kinds.js';
import { GraphQueryEngine, type QueryType } from './graph-query.engine.js';
import type { EdgeLabel } from './graph.types.js';
import { RelationGraph } from './relation-graph.js';

// The role index (RelationGraph.rolesOf) is kept up to date by hand on every add, unlink and node
// removal; a slip leaves an edge behind under some role, or loses one. These properties drive a graph
// through random creates, updates, relabels and deletes, and compare it with (a) a graph built once
// from the final objects and (b) a breadth-first search over graphlib's own edges and labels.

const KINDS = new Set(WATCHED_KINDS.map((k) => k.ref.kind));
const NS = 'ns';
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const maybe = <T>(xs: readonly T[]) => fc.option(pick(xs), { nil: undefined });

/** One object of a small universe, with random references (the same name twice is an update). */
const anyObject: fc.Arbitrary<KubeObject> = fc.oneof(
  fc
    .record({
      name: pick(['p1', 'p2', 'p3', 'p4']),
      app: maybe(['a', 'b']),
      owner: maybe(['r1', 'r2', 'c1']),
      node: maybe(['n1', 'n2']),
      cm: maybe(['c1', 'c2']),
      sa: maybe(['s1']),
    })
    .map(({ name, app, owner, node, cm, sa }) =>
      anObject(
        'Pod',
        name,
        {
          namespace: NS,
          ...(app ? { labels: { app } } : {}),
          ...(owner ? { owner: { kind: owner === 'c1' ? 'ConfigMap' : 'ReplicaSet', name: owner } } : {}),
        },
        {
          spec: {
            ...(node ? { nodeName: node } : {}),
            ...(sa ? { serviceAccountName: sa } : {}),
            containers: [{ name: 'c', image: 'x' }],
            ...(cm ? { volumes: [{ name: 'v', configMap: { name: cm } }] } : {}),
          },
        },
      ),
    ),
  fc.record({ name: pick(['r1', 'r2']), owner: maybe(['d1', 'd2']) }).map(({ name, owner }) =>
    anObject('ReplicaSet', name, {
      namespace: NS,
      ...(owner ? { owner: { kind: 'Deployment', name: owner } } : {}),
    }),
  ),
  fc
    .record({ name: pick(['svc1', 'svc2']), app: maybe(['a', 'b']) })
    .map(({ name, app }) =>
      anObject('Service', name, { namespace: NS }, { spec: app ? { selector: { app } } : {} }),
    ),
  fc
    .record({ name: pick(['np1']), app: pick(['a', 'b']) })
    .map(({ name, app }) =>
      anObject('NetworkPolicy', name, { namespace: NS }, { spec: { podSelector: { matchLabels: { app } } } }),
    ),
  pick(['d1', 'd2']).map((name) => anObject('Deployment', name, { namespace: NS })),
  pick(['c1', 'c2']).map((name) => anObject('ConfigMap', name, { namespace: NS })),
  pick(['s1']).map((name) => anObject('ServiceAccount', name, { namespace: NS })),
  pick(['n1', 'n2']).map((name) => anObject('Node', name)),
);

type Op =
  { op: 'upsert'; obj: KubeObject } | { op: 'delete'; obj: KubeObject } | { op: 'drop'; kind: string };
const anyOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: anyObject.map((obj) => ({ op: 'upsert' as const, obj })) },
  { weight: 4, arbitrary: anyObject.map((obj) => ({ op: 'delete' as const, obj })) },
  // Memory pressure drops a kind (GraphService's DEGRADE_ORDER); its nodes and their edges go.
  {
    weight: 1,
    arbitrary: pick(['ServiceAccount', 'NetworkPolicy', 'ConfigMap']).map((kind) => ({
      op: 'drop' as const,
      kind,
    })),
  },
);

const keyOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Applies ops as GraphService does (the store first, then the graph); returns the final objects. */
function play(
  ops: readonly Op[],
  probe = false,
): { graph: RelationGraph; objects: KubeObject[]; dropped: string[] } {
  const objects: KubeObject[] = [];
  const graph = new RelationGraph(lookupOf(objects), KINDS);
  const engine = new GraphQueryEngine(graph);
  const dropped: string[] = [];
  for (const step of ops) {
    if (step.op === 'drop') {
      graph.dropKind(step.kind);
      dropped.push(step.kind);
      continue;
    }
    const { op, obj } = step;
    // Queries between changes fill the per-edge and per-node caches a later change must invalidate.
    if (probe) for (const id of graph.g.nodes()) engine.run('neighbors', id, { maxDepth: 2 });
    const i = objects.findIndex((o) => keyOf(o) === keyOf(obj));
    const old = i >= 0 ? objects[i] : undefined;
    if (op === 'upsert') {
      if (old) objects[i] = obj;
      else objects.push(obj);
      const labelsChanged =
        !old || JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(obj.metadata.labels ?? {});
      graph.upsert(obj, obj.kind!, labelsChanged);
    } else if (old) {
      objects.splice(i, 1);
      graph.remove({
        kind: old.kind!,
        name: old.metadata.name,
        ...(old.metadata.namespace ? { namespace: old.metadata.namespace } : {}),
      });
    }
  }
  return { graph, objects, dropped };
}

/** Every node id the ops could have made: the objects and what they refer to (replayed). */
function everSeen(ops: readonly Op[]): Set<string> {
  const ids = new Set<string>();
  for (let i = 1; i <= ops.length; i++) for (const id of play(ops.slice(0, i)).graph.g.nodes()) ids.add(id);
  return ids;
}

function build(objects: readonly KubeObject[], dropped: readonly string[]): RelationGraph {
  const graph = new RelationGraph(lookupOf(objects), KINDS);
  for (const kind of dropped) graph.dropKind(kind);
  for (const o of objects) graph.upsert(o, o.kind!);
  return graph;
}

const edgeSet = (graph: RelationGraph) =>
  graph.g
    .edges()
    .map((e) => `${e.v} -${e.name}-> ${e.w}`)
    .sort();

/**
 * The reference: breadth first over graphlib's edges, the dependent end read from each edge's
 * label. Node ids with their depth, for the order-free query types.
 */
function naive(graph: RelationGraph, type: QueryType, root: string, maxDepth: number): string[] {
  const depth = new Map<string, number>([[root, 0]]);
  let frontier = [root];
  for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of graph.g.nodeEdges(id) ?? []) {
        const label: EdgeLabel = graph.g.edge(e);
        const other = e.v === id ? e.w : e.v;
        const dependent = label.dependent === 'from' ? e.v : e.w;
        const follows =
          type === 'neighbors' ||
          (type === 'dependencies' && dependent === id) ||
          (type === 'dependents' && dependent !== id) ||
          // depth 1 only: from the root (deleted), owned, owners and dependents alike.
          (type === 'impact' && dependent !== id) ||
          (type === 'impact' && label.type === 'owns' && e.w === id);
        if (follows && !depth.has(other)) {
          depth.set(other, d);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return [...depth].map(([id, d]) => `${d} ${id}`).sort();
}

const answer = (engine: GraphQueryEngine, type: QueryType, root: string, maxDepth: number) =>
  engine
    .run(type, root, { maxDepth, maxNodes: 10_000 })
    .nodes.map((n) => `${n.depth} ${n.id}`)
    .sort();

describe('RelationGraph role index (property)', () => {
  it('after any sequence of creates, updates, relabels, deletes and dropped kinds, holds the edges a fresh build holds', () => {
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 40 }), (ops) => {
        const { graph, objects, dropped } = play(ops);
        expect(edgeSet(graph)).toEqual(edgeSet(build(objects, dropped)));
        expect(graph.counts()).toEqual(build(objects, dropped).counts());
      }),
      { numRuns: 300 },
    );
  });

  it("every node's indexed edges and roles are graphlib's, each under the role its label gives", () => {
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 40 }), (ops) => {
        const { graph } = play(ops);
        for (const id of graph.g.nodes()) {
          const entry = graph.entry(id)!;
          expect(entry).toBeDefined();
          expect(entry.missing).toBe(graph.isMissing(id));
          const roles = graph.rolesOf(entry);
          const show = (es: readonly { v: string; w: string; name?: string }[]) =>
            es.map((e) => `${e.v} -${e.name}-> ${e.w}`).sort();
          expect(show(roles.all)).toEqual(show(graph.g.nodeEdges(id) ?? []));
          for (const e of roles.all) expect(e.dependent).toBe(graph.g.edge(e).dependent);
          const parts = [roles.owned, roles.owners, roles.dependents, roles.dependencies].flatMap(show);
          expect(parts.sort()).toEqual(show(roles.all));
        }
        // No entry outlives its node.
        for (const id of everSeen(ops)) if (!graph.g.hasNode(id)) expect(graph.entry(id)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('answers what a breadth-first search over graphlib answers, after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), (ops, maxDepth) => {
        const { graph } = play(ops, true);
        const engine = new GraphQueryEngine(graph);
        for (const root of graph.g.nodes()) {
          for (const type of ['dependencies', 'dependents', 'neighbors'] as const)
            expect([type, root, answer(engine, type, root, maxDepth)]).toEqual([
              type,
              root,
              naive(graph, type, root, maxDepth),
            ]);
          expect(answer(engine, 'impact', root, 1)).toEqual(naive(graph, 'impact', root, 1));
          // Dangling edges: an end is missing now (the cached answer edge must follow the flag).
          for (const e of engine.run('neighbors', root, { maxDepth: 1 }).edges)
            expect(e.dangling).toBe(graph.isMissing(e.from) || graph.isMissing(e.to));
        }
      }),
      { numRuns: 300 },
    );
  });
});
