import { conditionOf, type Node } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

/** Nodes whose network is not configured (NetworkUnavailable=True): pods there cannot communicate. */
export const nodeNetworkDetector: Detector = {
  name: 'node-network',
  description: 'Nodes with NetworkUnavailable=True (the network plugin has not configured routes)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const node of snapshot.all<Node>('Node')) {
      const c = conditionOf(node, 'NetworkUnavailable');
      if (c?.status !== 'True') continue;
      out.push({
        detector: this.name,
        severity: 'critical',
        kind: 'Node',
        name: node.metadata.name,
        reason: 'NetworkUnavailable',
        message: clip(c.message ?? c.reason),
        since: c.lastTransitionTime,
        hint: ['check the CNI plugin pods on this node'],
      });
    }
    return out;
  },
};
