import type { Node, Pod } from '../k8s/objects/index.js';
import { explainUnschedulable, tolerates, unschedulableFacts } from './scheduling.js';

const node = (name: string, labels: Record<string, string> = {}, taints: Node['spec'] = {}): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: taints,
});
const pod = (spec: Omit<NonNullable<Pod['spec']>, 'containers'>): Pod => ({
  metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: [], ...spec },
});

describe(explainUnschedulable.name, () => {
  it('names the node selector label no node has', () => {
    const nodes = [node('a'), node('b', { accelerator: 't4' })];
    expect(explainUnschedulable(pod({ nodeSelector: { accelerator: 'nvidia-a100' } }), nodes)).toBe(
      'no node has label accelerator=nvidia-a100',
    );
  });

  it('names the taint the pod does not tolerate, and how many nodes carry it', () => {
    const gpu = { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] };
    const nodes = [node('a', {}, gpu), node('b', {}, gpu)];
    expect(explainUnschedulable(pod({}), nodes)).toBe(
      'untolerated taint dedicated=gpu:NoSchedule on all 2 nodes',
    );
    expect(
      explainUnschedulable(
        pod({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] }),
        nodes,
      ),
    ).toBeUndefined();
  });

  it('reads required node affinity, and says nothing when some node would take the pod', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-1'] }] }],
        },
      },
    };
    expect(explainUnschedulable(pod({ affinity }), [node('a', { zone: 'us-1' })])).toBe(
      'no node has label zone=eu-1',
    );
    expect(explainUnschedulable(pod({ affinity }), [node('a', { zone: 'eu-1' })])).toBeUndefined();
  });

  it('gives the label selector that lists the nodes meeting each unmet requirement', () => {
    const gpu = { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] };
    const nodes = [node('a'), node('b', { pool: 'gpu' }, gpu)];
    expect(unschedulableFacts(pod({ nodeSelector: { pool: 'gpu' } }), nodes)).toEqual({
      text: 'label pool=gpu missing on 1 of 2 nodes; untolerated taint dedicated=gpu:NoSchedule on 1 of 2 nodes',
      selectors: ['pool=gpu'],
      taints: true,
    });
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x', 'y'] }] }],
        },
      },
    };
    expect(unschedulableFacts(pod({ affinity }), nodes)?.selectors).toEqual(['zone in (x,y)']);
  });

  it('follows the API rules for tolerations', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerates({ key: 'k', value: 'w' }, taint)).toBe(false);
  });
});
