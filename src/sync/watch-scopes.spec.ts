import { aKubeObject } from '../../test/factories/kube-objects.js';
import { watchScopes } from './watch-scopes.js';
import { WATCHED_KINDS } from './watched-kinds.js';

const kind = (name: string) => WATCHED_KINDS.find((k) => k.ref.kind === name)!;

describe(watchScopes.name, () => {
  it('watches cluster-wide without a policy', () => {
    expect(watchScopes(kind('Pod'), { allowed: undefined, forbidden: [] })).toEqual([{ label: '*' }]);
  });

  it('with an allow-list: one reflector per namespace, each owning only its part', () => {
    const scopes = watchScopes(kind('Pod'), { allowed: ['a', 'b'], forbidden: [] });
    expect(scopes.map((s) => [s.label, s.namespace, s.fieldSelector])).toEqual([
      ['a', 'a', undefined],
      ['b', 'b', undefined],
    ]);
    expect(scopes[0]!.owns!(aKubeObject('Pod', 'p', { namespace: 'a' }))).toBe(true);
    expect(scopes[0]!.owns!(aKubeObject('Pod', 'p', { namespace: 'b' }))).toBe(false);
  });

  it('with an allow-list: Namespace objects by name, other cluster kinds cluster-wide', () => {
    const scopes = watchScopes(kind('Namespace'), { allowed: ['a'], forbidden: [] });
    expect(scopes.map((s) => [s.namespace, s.fieldSelector])).toEqual([[undefined, 'metadata.name=a']]);
    expect(scopes[0]!.owns!(aKubeObject('Namespace', 'a'))).toBe(true);
    expect(watchScopes(kind('Node'), { allowed: ['a'], forbidden: [] })).toEqual([{ label: '*' }]);
  });

  it('with only a deny-list: one watch whose field selector leaves denied namespaces out', () => {
    expect(watchScopes(kind('Secret'), { allowed: undefined, forbidden: ['kube-system', 'x'] })).toEqual([
      { label: '*', fieldSelector: 'metadata.namespace!=kube-system,metadata.namespace!=x' },
    ]);
    expect(watchScopes(kind('Namespace'), { allowed: undefined, forbidden: ['x'] })[0]!.fieldSelector).toBe(
      'metadata.name!=x',
    );
  });
});

describe('WATCHED_KINDS', () => {
  it('names every kind once and caches Secrets and ConfigMaps as metadata only', () => {
    const names = WATCHED_KINDS.map((k) => k.ref.kind);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(27);
    expect(kind('Secret').metadataOnly).toBe(true);
    expect(kind('ConfigMap').metadataOnly).toBe(true);
    expect(kind('Event').maxObjects).toBe(5000);
  });
});
