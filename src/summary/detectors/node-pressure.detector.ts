import type { Node } from '../../k8s/objects/index.js';
import { clip, type Detector, type Finding } from './detector.js';

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** Nodes under memory, disk or PID pressure (the kubelet evicts pods under pressure). */
export const nodePressureDetector: Detector = {
  name: 'node-pressure',
  description: 'Nodes with MemoryPressure, DiskPressure or PIDPressure',
  detect({ snapshot }) {
    const out: Finding[] = [];
    for (const node of snapshot.all<Node>('Node')) {
      for (const type of PRESSURES) {
        const c = node.status?.conditions?.find((x) => x.type === type);
        if (c?.status !== 'True') continue;
        out.push({
          detector: this.name,
          severity: 'warning',
          kind: 'Node',
          name: node.metadata.name,
          reason: type,
          message: clip(c.message ?? c.reason),
          since: c.lastTransitionTime,
          hint: ['the kubelet will evict pods: free the resource or move workloads off the node'],
        });
      }
    }
    return out;
  },
};
