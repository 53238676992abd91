import { shareStructure } from './structural-sharing.js';

describe(shareStructure.name, () => {
  const pod = (name: string, node: string) => ({
    metadata: {
      name,
      labels: { app: 'web', tier: 'front' },
      ownerReferences: [{ kind: 'ReplicaSet', uid: 'u1' }],
    },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'web:1', ports: [{ containerPort: 80 }] }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: `t-${name}` }],
    },
  });

  it('reuses the equal subtrees of the exemplar and keeps what differs', () => {
    const exemplar = pod('a', 'n1');
    const sut = shareStructure(pod('b', 'n2'), exemplar);
    expect(sut.metadata.labels).toBe(exemplar.metadata.labels);
    expect(sut.metadata.ownerReferences).toBe(exemplar.metadata.ownerReferences);
    expect(sut.spec.containers).toBe(exemplar.spec.containers);
    expect(sut.spec).not.toBe(exemplar.spec);
    expect(sut.spec.nodeName).toBe('n2');
    expect(sut.metadata.name).toBe('b');
    expect(sut.status.conditions[0]!.lastTransitionTime).toBe('t-b');
    expect(sut.status.conditions).not.toBe(exemplar.status.conditions);
  });

  it('returns the exemplar itself when everything is equal, and never changes the exemplar', () => {
    const exemplar = pod('a', 'n1');
    const before = JSON.stringify(exemplar);
    expect(shareStructure(pod('a', 'n1'), exemplar)).toBe(exemplar);
    shareStructure(pod('z', 'n9'), exemplar);
    expect(JSON.stringify(exemplar)).toBe(before);
  });

  it('keeps the result equal to the input (JSON), whatever the exemplar', () => {
    const inputs = [
      [
        { a: [1, 2, 3], b: { c: 'x' } },
        { a: [1, 2], b: { c: 'x', d: 1 } },
      ],
      [{ a: { x: 1 } }, { a: { x: 1, y: 2 } }],
      [{ a: { x: 1, y: 2 } }, { a: { x: 1 } }],
      [{ a: [{ x: 1 }] }, { a: { 0: { x: 1 } } }],
      [
        { a: null, b: 0, c: '' },
        { a: {}, b: '0', c: null },
      ],
      [{ k: 1 }, { j: 1 }],
    ] as const;
    for (const [next, exemplar] of inputs) {
      const expected = JSON.stringify(next);
      const copy = structuredClone(next) as unknown;
      expect(JSON.stringify(shareStructure(copy, structuredClone(exemplar)))).toBe(expected);
    }
  });
});
