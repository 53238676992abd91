import { anEvent, anObject, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { pvcPhaseDetector as sut } from './pvc-phase.detector.js';

describe('pvcPhaseDetector', () => {
  it('reports Lost claims as critical', () => {
    const pvc = anObject('PersistentVolumeClaim', 'data', {
      spec: { volumeName: 'pv-1' },
      status: { phase: 'Lost' },
    });
    expect(runDetector(sut, [pvc])).toEqual([
      expect.objectContaining({ severity: 'critical', reason: 'Lost' }),
    ]);
  });

  it("reports claims Pending past the threshold with the provisioner's last event", () => {
    const pvc = anObject(
      'PersistentVolumeClaim',
      'slow',
      { spec: { storageClassName: 'fast' }, status: { phase: 'Pending' } },
      { created: ago(900) },
    );
    const ev = anEvent(
      'ProvisioningFailed',
      { kind: 'PersistentVolumeClaim', name: 'slow' },
      { message: 'storageclass "fast" not found' },
    );
    const fresh = anObject(
      'PersistentVolumeClaim',
      'new',
      { status: { phase: 'Pending' } },
      { created: ago(10) },
    );
    expect(runDetector(sut, [pvc, ev, fresh])).toEqual([
      expect.objectContaining({
        name: 'slow',
        reason: 'Pending',
        message: 'ProvisioningFailed: storageclass "fast" not found',
      }),
    ]);
  });
});
