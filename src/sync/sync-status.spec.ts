import type { KindStatus } from './informer.js';
import { syncHealthScore } from './sync-status.js';

const k = (kind: string, synced: boolean, state: KindStatus['state']): KindStatus => ({
  kind,
  synced,
  state,
  objects: 0,
  relists: 0,
  watchRestarts: 0,
  errors: 0,
  scopes: [],
});

describe(syncHealthScore.name, () => {
  it('is 100 when every kind is synced and healthy', () => {
    expect(syncHealthScore([k('Pod', true, 'healthy'), k('Job', true, 'healthy')], { Pod: 3 })).toBe(100);
  });

  it('weighs kinds, counts a kind still on its first list half and a degraded one not at all', () => {
    expect(
      syncHealthScore([k('Pod', false, 'degraded'), k('Job', true, 'healthy')], { Pod: 3, Job: 1 }),
    ).toBe(25);
    expect(syncHealthScore([k('Pod', false, 'healthy'), k('Job', true, 'healthy')], { Pod: 3, Job: 1 })).toBe(
      63,
    );
  });

  it('leaves forbidden kinds out', () => {
    expect(syncHealthScore([k('Secret', false, 'forbidden'), k('Job', true, 'healthy')], {})).toBe(100);
  });
});
