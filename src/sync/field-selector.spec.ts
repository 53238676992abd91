import { KINDS } from '../k8s/resource-ref.js';
import { aKubeObject, aPod } from '../../test/factories/kube-objects.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';

const running = { ...aPod('a', { namespace: 'shop', node: 'n1' }), status: { phase: 'Running' } };
const pending = { ...aPod('b', { namespace: 'shop' }), status: { phase: 'Pending' } };
const event = {
  ...aKubeObject('Event', 'e1', { namespace: 'shop' }),
  type: 'Warning',
  reason: 'BackOff',
  involvedObject: { kind: 'Pod', name: 'a', namespace: 'shop', uid: 'u-1' },
};

describe(parseFieldSelector.name, () => {
  it('knows metadata fields for every kind, pod and event fields for those kinds only', () => {
    expect(parseFieldSelector(KINDS.deployment, 'metadata.name=web')).toBeDefined();
    expect(parseFieldSelector(KINDS.pod, 'status.phase!=Running,spec.nodeName=n1')).toBeDefined();
    expect(parseFieldSelector(KINDS.event, 'involvedObject.uid=u,type=Warning,reason=X')).toBeDefined();
    expect(parseFieldSelector(KINDS.deployment, 'status.phase=Running')).toBeUndefined();
    expect(parseFieldSelector(KINDS.pod, 'spec.restartPolicy=Always')).toBeUndefined();
    expect(
      parseFieldSelector({ ...KINDS.pod, group: 'example.com' }, 'status.phase=Running'),
    ).toBeUndefined();
  });

  it('leaves escaped values and bad syntax to the API server', () => {
    expect(parseFieldSelector(KINDS.pod, 'metadata.name=a\\,b')).toBeUndefined();
    expect(parseFieldSelector(KINDS.pod, 'metadata.name')).toBeUndefined();
  });

  it('reports the value an equality pins, for index lookups', () => {
    const sut = parseFieldSelector(KINDS.pod, 'spec.nodeName==n1,metadata.namespace!=x')!;
    expect(sut.equal('spec.nodeName')).toBe('n1');
    expect(sut.equal('metadata.namespace')).toBeUndefined();
  });
});

describe(matchesFields.name, () => {
  const match = (ref: typeof KINDS.pod, selector: string, obj: typeof running) =>
    matchesFields(ref, parseFieldSelector(ref, selector)!, obj);

  it('evaluates = and != on pod fields; an unscheduled pod has an empty spec.nodeName', () => {
    expect(match(KINDS.pod, 'status.phase=Running', running)).toBe(true);
    expect(match(KINDS.pod, 'status.phase!=Running', running)).toBe(false);
    expect(match(KINDS.pod, 'status.phase!=Running', pending)).toBe(true);
    expect(match(KINDS.pod, 'spec.nodeName=', pending)).toBe(true);
    expect(match(KINDS.pod, 'spec.nodeName=n1,metadata.namespace=shop', running)).toBe(true);
    expect(match(KINDS.pod, 'metadata.name=b', running)).toBe(false);
  });

  it('evaluates involvedObject, type and reason on events', () => {
    const ev = event as unknown as typeof running;
    expect(match(KINDS.event, 'involvedObject.kind=Pod,involvedObject.name=a', ev)).toBe(true);
    expect(match(KINDS.event, 'involvedObject.uid=u-2', ev)).toBe(false);
    expect(match(KINDS.event, 'type=Warning,reason=BackOff', ev)).toBe(true);
    expect(match(KINDS.event, 'type=Normal', ev)).toBe(false);
  });
});
