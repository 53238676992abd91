import type { Finding } from './detectors/detector.js';
import { rankFindings } from './ranking.js';

const finding = (name: string, severity: Finding['severity'], detector = 'pod-crashloop'): Finding => ({
  detector,
  severity,
  kind: 'Pod',
  namespace: 'shop',
  name,
  reason: 'X',
  hint: ['h'],
});

describe('rankFindings', () => {
  it('ranks by severity × blast radius: a crashing pod behind a Service above a lone crashing pod', () => {
    const graph = {
      impactCount: (_k: string, _n: string | undefined, name: string) => (name === 'backed' ? 3 : 1),
      danglingEdges: () => [],
    };
    const ranked = rankFindings(
      [finding('lone', 'critical'), finding('backed', 'critical'), finding('warn', 'warning')],
      graph,
    );
    expect(ranked.map((f) => [f.name, f.blastRadius, f.score])).toEqual([
      ['backed', 3, 300],
      ['lone', 1, 100],
      ['warn', 1, 10],
    ]);
  });

  it('a wide enough warning outranks a lone critical finding (the product, not severity alone)', () => {
    const graph = {
      impactCount: (_k: string, _n: string | undefined, name: string) => (name === 'node' ? 40 : 1),
      danglingEdges: () => [],
    };
    expect(rankFindings([finding('lone', 'critical'), finding('node', 'warning')], graph)[0]!.name).toBe(
      'node',
    );
  });

  it('breaks ties deterministically: detector order, then namespace, kind and name', () => {
    const graph = { impactCount: () => 1, danglingEdges: () => [] };
    const input = [
      finding('b', 'warning', 'pod-oomkilled'),
      finding('a', 'warning', 'pod-oomkilled'),
      finding('z', 'warning', 'pod-crashloop'),
    ];
    const order = ['pod-crashloop', 'pod-oomkilled'];
    expect(rankFindings(input, graph, order).map((f) => f.name)).toEqual(['z', 'a', 'b']);
    expect(rankFindings([...input].reverse(), graph, order).map((f) => f.name)).toEqual(['z', 'a', 'b']);
  });
});
