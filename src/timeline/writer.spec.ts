import type { KubeObject } from '../k8s/kube-object.js';
import { diffObjects, type FieldPath } from './change-diff.js';
import { owns, writerOf } from './writer.js';

const fields = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:taints': {},
    'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } } },
  },
};

describe(owns.name, () => {
  it('follows the path through fields and list keys', () => {
    const image = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'];
    expect(owns(fields, image)).toBe(true);
    expect(owns(fields, ['f:metadata', 'f:labels', 'f:app'])).toBe(true);
  });
  it('counts a leaf {} as the whole value (an atomic list such as taints)', () => {
    expect(owns(fields, ['f:spec', 'f:taints', 'k:{"key":"x"}'])).toBe(true);
  });
  it('does not count owning a map\'s existence (".") as owning its keys', () => {
    expect(owns(fields, ['f:metadata', 'f:labels', 'f:tier'])).toBe(false);
    expect(owns(fields, ['f:status'])).toBe(false);
    expect(owns(undefined, ['f:spec'])).toBe(false);
  });
});

describe(writerOf.name, () => {
  const raw = (entries: { manager: string; time: string; fieldsV1: object; subresource?: string }[]) =>
    ({ kind: 'Deployment', metadata: { name: 'web', managedFields: entries } }) as KubeObject;
  const labelOf: FieldPath = ['f:metadata', 'f:labels', 'f:app'];

  it('names the owner of the changed fields over a newer or same-second entry', () => {
    const r = raw([
      { manager: 'a-editor', time: '2026-12-05T07:00:00Z', fieldsV1: fields },
      {
        manager: 'z-controller',
        time: '2026-12-05T07:00:00Z',
        fieldsV1: { 'f:status': {} },
        subresource: 'status',
      },
    ]);
    expect(writerOf(r, [labelOf])).toBe('a-editor');
    expect(writerOf(r, [['f:status', 'f:replicas']])).toBe('z-controller (status)');
  });
  it('falls back to the newest entry when nobody owns a changed field (it was removed)', () => {
    const r = raw([
      { manager: 'old', time: '2026-12-05T07:00:00Z', fieldsV1: fields },
      { manager: 'new', time: '2026-12-05T07:00:05Z', fieldsV1: { 'f:status': {} } },
    ]);
    expect(writerOf(r, [['f:metadata', 'f:labels', 'f:gone'], undefined])).toBe('new');
  });
  it('gets the paths from diffObjects', () => {
    const d = (image: string, app: string): KubeObject => ({
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app } },
      spec: { template: { spec: { containers: [{ name: 'web', image }] } } },
    });
    const paths: (FieldPath | undefined)[] = [];
    diffObjects('Deployment', d('web:1', 'a'), d('web:2', 'b'), paths);
    expect(paths).toEqual([
      labelOf,
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
    ]);
  });
});
