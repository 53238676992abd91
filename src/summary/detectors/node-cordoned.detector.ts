import type { Node } from '../../k8s/objects/index.js';
import type { Detector, Finding } from './detector.js';

/** Cordoned nodes (spec.unschedulable): intended during maintenance, easy to forget after it. */
export const nodeCordonedDetector: Detector = {
  name: 'node-cordoned',
  description: 'Cordoned nodes (no new pods are scheduled there)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const node of snapshot.all<Node>('Node')) {
      if (!node.spec?.unschedulable) continue;
      const taint = (node.spec as { taints?: { key: string; timeAdded?: string }[] }).taints?.find(
        (t) => t.key === 'node.kubernetes.io/unschedulable',
      );
      out.push({
        detector: this.name,
        severity: 'info',
        kind: 'Node',
        name: node.metadata.name,
        reason: 'Cordoned',
        message: `unschedulable; ${snapshot.podsOnNode(node.metadata.name).length} pods still on it`,
        since: taint?.timeAdded,
        hint: ['uncordon the node when maintenance is over (kubectl uncordon)'],
      });
    }
    return out;
  },
};
