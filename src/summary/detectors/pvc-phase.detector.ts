import type { KubeEvent, PersistentVolumeClaim } from '../../k8s/objects/index.js';
import { clip, secondsSince, type Detector, type Finding } from './detector.js';

/** Claims Lost (their volume is gone) or Pending longer than the pending threshold. */
export const pvcPhaseDetector: Detector = {
  name: 'pvc-phase',
  description:
    "PersistentVolumeClaims Lost, or Pending longer than a threshold (with the provisioner's last event)",
  detect({ snapshot, thresholds }) {
    const out: Finding[] = [];
    for (const pvc of snapshot.all<PersistentVolumeClaim>('PersistentVolumeClaim')) {
      const phase = pvc.status?.phase ?? 'Pending';
      const ns = pvc.metadata.namespace ?? '';
      if (phase === 'Lost') {
        out.push({
          detector: this.name,
          severity: 'critical',
          kind: 'PersistentVolumeClaim',
          namespace: ns,
          name: pvc.metadata.name,
          reason: 'Lost',
          message: `bound volume ${pvc.spec?.volumeName ?? '?'} no longer exists`,
          hint: ['the data may be gone: restore the PersistentVolume or recreate the claim'],
        });
      } else if (
        phase === 'Pending' &&
        secondsSince(pvc.metadata.creationTimestamp, snapshot.now) >= thresholds.pendingSeconds
      ) {
        const event = snapshot
          .inNamespace<KubeEvent>('Event', ns)
          .filter(
            (e) =>
              e.involvedObject?.kind === 'PersistentVolumeClaim' &&
              e.involvedObject.name === pvc.metadata.name,
          )
          .sort((a, b) => ((a.lastTimestamp ?? '') < (b.lastTimestamp ?? '') ? 1 : -1))[0];
        out.push({
          detector: this.name,
          severity: 'warning',
          kind: 'PersistentVolumeClaim',
          namespace: ns,
          name: pvc.metadata.name,
          reason: 'Pending',
          message: clip(
            event
              ? `${event.reason}: ${event.message ?? ''}`
              : `storage class ${pvc.spec?.storageClassName ?? '(default)'}; no volume bound`,
          ),
          since: pvc.metadata.creationTimestamp,
          hint: [
            'check the StorageClass and its provisioner; WaitForFirstConsumer claims bind only when a pod uses them',
          ],
        });
      }
    }
    return out;
  },
};
