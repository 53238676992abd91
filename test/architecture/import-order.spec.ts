// docs/architecture.md: imports go one way, from the bottom — config, common → security → k8s →
// sync → graph, timeline → summary → mcp → monitoring → the entry files. Checked over the real import graph
// of src/, as the lint rule checks who may import client-node and the MCP SDK.
import { join } from 'node:path';
import { allowed, cycles, importGraph, type ImportEdge, LAYERS, layerOf, rankOf } from './import-graph.js';

const graph = importGraph(join(import.meta.dirname, '..', '..', 'src'));

describe('import order of src/', () => {
  it('reads a real graph: hundreds of imports, every layer present', () => {
    expect(graph.length).toBeGreaterThan(300);
    const layers = new Set(graph.map((e) => layerOf(e.from)));
    for (const group of LAYERS) for (const layer of group) expect(layers).toContain(layer);
  });

  it('every file sits in a known layer', () => {
    const unknown = [...new Set(graph.flatMap((e) => [e.from, e.to]))].filter((f) => rankOf(layerOf(f)) < 0);
    expect(unknown).toEqual([]);
  });

  it('has no import against the order', () => {
    const upward = graph.filter((e) => !allowed(e)).map((e) => `${e.from} -> ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the checks can fail: an upward import and a cycle are caught', () => {
    const up: ImportEdge = { from: 'src/security/redaction.ts', to: 'src/k8s/trim-object.ts' };
    expect(allowed(up)).toBe(false);
    expect(allowed({ from: 'src/k8s/trim-object.ts', to: 'src/common/kube/annotations.ts' })).toBe(true);
    expect(allowed({ from: 'src/config/config.schema.ts', to: 'src/common/errors/app-error.ts' })).toBe(true);
    expect(
      cycles([
        { from: 'src/a.ts', to: 'src/b.ts' },
        { from: 'src/b.ts', to: 'src/a.ts' },
      ]),
    ).toEqual([['src/a.ts', 'src/b.ts']]);
  });
});
