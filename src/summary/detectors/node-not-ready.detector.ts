import { conditionOf, type Node } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

/** Nodes whose Ready condition is False (kubelet says so) or Unknown (kubelet stopped reporting). */
export const nodeNotReadyDetector: Detector = {
  name: 'node-not-ready',
  description: 'Nodes NotReady (Ready=False) or Unknown (the kubelet stopped posting status)',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const node of snapshot.all<Node>('Node')) {
      const ready = conditionOf(node, 'Ready');
      if (!ready || ready.status === 'True') continue;
      const unknown = ready.status === 'Unknown';
      out.push({
        detector: this.name,
        severity: 'critical',
        kind: 'Node',
        name: node.metadata.name,
        reason: unknown ? 'NodeStatusUnknown' : 'NotReady',
        message: clip(ready.message ?? ready.reason),
        since: ready.lastTransitionTime,
        count: snapshot.podsOnNode(node.metadata.name).length,
        countOf: 'pods on the node',
        hint: [
          unknown
            ? 'the kubelet is not reporting: check the machine, its network and the kubelet service'
            : 'check the kubelet and container runtime on the node',
        ],
      });
    }
    return out;
  },
};
