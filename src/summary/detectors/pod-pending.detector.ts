import { conditionOf, type Node, type Pod } from '../../k8s/objects/index.js';
import type { ClusterSnapshot } from '../cluster-snapshot.js';
import { type UnschedulableFacts, unschedulableFacts } from '../scheduling.js';
import {
  clip,
  secondsSince,
  type Detector,
  type Finding,
  shownBy,
  podArgs,
  type HintStep,
} from './detector.js';
import { hasReportedWaitingReason, isDeleting } from './pod-helpers.js';

/**
 * Calls that show what the finding says, each as written: the pod's side (describe-pod prints its
 * node selector, affinity and tolerations); a missing label by listing the nodes that have it
 * (none, when no node has it); a taint by the nodes view, which lists every node's taints. When
 * labels and taints do not explain it, the nodes view shows the capacity the scheduler counted.
 */
function unschedulableHint(ns: string, name: string, facts: UnschedulableFacts | undefined): HintStep[] {
  const calls = [
    shownBy("the pod's nodeSelector, affinity and tolerations", 'k8s-describe-pod', { namespace: ns, name }),
  ];
  for (const s of facts?.selectors ?? [])
    calls.push(shownBy(`nodes with ${s}`, 'k8s-get-nodes', { labelSelector: s }));
  if (!facts || facts.taints || facts.selectors.length === 0)
    calls.push(shownBy("the nodes' taints and capacity", 'k8s-cluster-summary', { summary_type: 'nodes' }));
  return calls;
}

/**
 * An Unschedulable pod as a finding: the label or taint no node satisfies first (named, from the
 * nodes' labels and taints), then the scheduler's own words. Root-cause grouping uses it too, at
 * once, for the pods of a workload that is already unavailable.
 */
export function unschedulableFinding(pod: Pod, snapshot: ClusterSnapshot): Finding {
  const scheduled = conditionOf(pod, 'PodScheduled');
  const facts = unschedulableFacts(pod, snapshot.all<Node>('Node'));
  const named = facts?.text;
  const scheduler = scheduled?.message ?? 'the scheduler found no node';
  const ns = pod.metadata.namespace ?? '';
  return {
    detector: podPendingDetector.name,
    severity: 'warning',
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    reason: 'Unschedulable',
    message: clip(named ? `${named} (scheduler: ${scheduler})` : scheduler),
    since: scheduled?.lastTransitionTime ?? pod.metadata.creationTimestamp,
    hint: unschedulableHint(ns, pod.metadata.name, facts),
  };
}

/** Pods Pending too long: Unschedulable (with the scheduler's message) or otherwise stuck. */
export const podPendingDetector: Detector = {
  name: 'pod-pending',
  description:
    "Pods Pending longer than a threshold: Unschedulable with the scheduler's message, or stuck before start",
  detect({ snapshot, thresholds }) {
    const out: Finding[] = [];
    for (const pod of snapshot.podsOfInterest()) {
      if (pod.status?.phase !== 'Pending' || isDeleting(pod) || hasReportedWaitingReason(pod)) continue;
      const scheduled = conditionOf(pod, 'PodScheduled');
      if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        if (
          secondsSince(scheduled.lastTransitionTime ?? pod.metadata.creationTimestamp, snapshot.now) <
          thresholds.unschedulableSeconds
        )
          continue;
        out.push(unschedulableFinding(pod, snapshot));
        continue;
      }
      const since = pod.metadata.creationTimestamp;
      if (secondsSince(since, snapshot.now) < thresholds.pendingSeconds) continue;
      const waiting = (pod.status?.containerStatuses ?? []).find((c) => c.state?.waiting)?.state?.waiting;
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        reason: 'Pending',
        message: clip(
          waiting
            ? `${waiting.reason ?? 'waiting'}${waiting.message ? `: ${waiting.message}` : ''}`
            : (pod.status?.message ??
                (pod.spec?.nodeName
                  ? `scheduled on ${pod.spec.nodeName}, containers not started`
                  : 'not scheduled yet')),
        ),
        since,
        hint: [shownBy("see the pod's events", 'k8s-describe-pod', podArgs(pod))],
      });
    }
    return out;
  },
};
