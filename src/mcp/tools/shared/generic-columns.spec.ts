import type { KubeObject } from '../../../k8s/kube-object.js';
import { dataCell, genericColumns, readyCell, statusCell, typeCell } from './generic-columns.js';

const obj = (fields: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'x', creationTimestamp: new Date().toISOString(), ...metadata },
  ...fields,
});

describe(genericColumns.name, () => {
  it('shows only NAME and AGE when no object has anything more to say (a CRD object, a ConfigMap-less page)', () => {
    const sut = genericColumns([obj({ spec: { size: 3 } }), obj()]);
    expect(sut.map(([h]) => h)).toEqual(['NAME', 'AGE']);
  });

  it('adds TYPE and DATA for Secrets, READY for workloads and STATUS where some object has one', () => {
    expect(genericColumns([obj({ type: 'Opaque', data: { a: 'eA==' } })]).map(([h]) => h)).toEqual([
      'NAME',
      'TYPE',
      'DATA',
      'AGE',
    ]);
    const workloads = [obj({ spec: { replicas: 2 }, status: { readyReplicas: 1 } }), obj()];
    expect(genericColumns(workloads).map(([h]) => h)).toEqual(['NAME', 'READY', 'AGE']);
    expect(genericColumns([obj(), obj({ status: { phase: 'Bound' } })]).map(([h]) => h)).toEqual([
      'NAME',
      'STATUS',
      'AGE',
    ]);
  });
});

describe(typeCell.name, () => {
  it('reads a top-level string type only', () => {
    expect(typeCell(obj({ type: 'kubernetes.io/tls' }))).toBe('kubernetes.io/tls');
    expect(typeCell(obj({ spec: { type: 'ClusterIP' } }))).toBe('');
  });
});

describe(dataCell.name, () => {
  it('counts data and binaryData keys, never showing a value', () => {
    expect(dataCell(obj({ data: { a: 'secret', b: 'secret' }, binaryData: { c: 'AA==' } }))).toBe('3');
    expect(dataCell(obj({ data: {} }))).toBe('0');
    expect(dataCell(obj())).toBe('');
  });
});

describe(readyCell.name, () => {
  it('counts ready containers of a pod against its containers', () => {
    const pod = obj({
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: { containerStatuses: [{ ready: true }, { ready: false }] },
    });
    expect(readyCell(pod)).toBe('1/2');
  });

  it('counts ready replicas against desired, and ready nodes of a daemon set', () => {
    expect(readyCell(obj({ spec: { replicas: 3 }, status: { readyReplicas: 2 } }))).toBe('2/3');
    expect(readyCell(obj({ spec: { replicas: 0 }, status: {} }))).toBe('0/0');
    expect(readyCell(obj({ status: { desiredNumberScheduled: 4, numberReady: 4 } }))).toBe('4/4');
    expect(readyCell(obj({ spec: { size: 1 } }))).toBe('');
  });
});

describe(statusCell.name, () => {
  it('prefers Terminating, then the phase', () => {
    expect(statusCell(obj({ status: { phase: 'Active' } }, { deletionTimestamp: 'now' }))).toBe(
      'Terminating',
    );
    expect(statusCell(obj({ status: { phase: 'Pending' } }))).toBe('Pending');
  });

  it('reads a Ready condition, with the reason when not ready', () => {
    const ready = (status: string, reason?: string) =>
      obj({
        status: {
          conditions: [
            { type: 'Synced', status: 'True' },
            { type: 'Ready', status, reason },
          ],
        },
      });
    expect(statusCell(ready('True'))).toBe('Ready');
    expect(statusCell(ready('False', 'ReconcileError'))).toBe('NotReady (ReconcileError)');
    expect(statusCell(ready('Unknown'))).toBe('Unknown');
  });

  it('lists the true condition types otherwise (Job, CRD), at most three', () => {
    expect(
      statusCell(
        obj({
          status: {
            conditions: [
              { type: 'SuccessCriteriaMet', status: 'True' },
              { type: 'Complete', status: 'True' },
            ],
          },
        }),
      ),
    ).toBe('SuccessCriteriaMet,Complete');
    const many = ['A', 'B', 'C', 'D'].map((type) => ({ type, status: 'True' }));
    expect(statusCell(obj({ status: { conditions: [...many, { type: 'E', status: 'False' }] } }))).toBe(
      'A,B,C',
    );
    expect(statusCell(obj({ status: { conditions: 'garbage' } }))).toBe('');
  });
});
