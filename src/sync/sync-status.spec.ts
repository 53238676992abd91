import type { KindStatus } from './informer.js';
import { Informer } from './informer.js';
import type { Reflector } from './reflector.js';
import { syncHealthScore } from './sync-status.js';
import { WATCHED_KINDS } from './watched-kinds.js';

const k = (kind: string, synced: boolean, state: KindStatus['state']): KindStatus => ({
  kind,
  synced,
  state,
  objects: 0,
  consecutiveFailures: 0,
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

describe('Informer.status silentSeconds', () => {
  const reflector = (stats: Partial<Reflector['stats']>) =>
    ({
      stats: {
        synced: true,
        state: 'healthy',
        resourceVersion: '1',
        relists: 0,
        watchRestarts: 0,
        errors: 0,
        consecutiveFailures: 0,
        ...stats,
      },
    }) as unknown as Reflector;

  it('is the longest time any scope went without an event, a bookmark, a LIST or an accepted watch', () => {
    const sut = new Informer(WATCHED_KINDS.find((x) => x.ref.kind === 'Pod')!);
    const at = (ms: number) => new Date(ms).toISOString();
    sut.addReflector(reflector({ lastEventAt: at(90_000), listedAt: at(10_000) }), 'a');
    sut.addReflector(reflector({ listedAt: at(10_000), lastOpenedAt: at(40_000) }), 'b');
    sut.addReflector(reflector({ synced: false }), 'c');
    const status = sut.status(100_000);
    expect(status.silentSeconds).toBe(60);
    expect(status.scopes.map((s) => s.silentSeconds)).toEqual([10, 60, undefined]);
  });
});
