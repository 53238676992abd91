import { renderSyncedLine } from './banner.js';

describe(renderSyncedLine.name, () => {
  const sync = { initialSyncMs: 812, kinds: [{ objects: 10 }, { objects: 32 }] };

  it('sums the cached objects and gives the graph size', () => {
    expect(renderSyncedLine(sync, { nodes: 40, edges: 77 })).toBe(
      'synced 42 objects of 2 kinds in 812 ms | graph 40 nodes, 77 edges',
    );
  });

  it('says when the graph is off', () => {
    expect(renderSyncedLine(sync)).toBe('synced 42 objects of 2 kinds in 812 ms | graph off');
  });
});
