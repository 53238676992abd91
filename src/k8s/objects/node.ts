import { type Condition, conditionOf, type Node } from './plain.js';

// A Node's readiness and conditions, derived once for the node tool, the graph and the summary.

/** What a node's Ready condition says. */
export type NodeReadiness = 'Ready' | 'NotReady' | 'Unknown';

/** The node's Ready condition, when it reports one. */
export function nodeReadyCondition(node: Node): Condition | undefined {
  return conditionOf(node, 'Ready');
}

/**
 * Ready (Ready=True), NotReady (Ready=False: the kubelet says so) or Unknown (Ready=Unknown — the
 * kubelet stopped posting status — or no Ready condition yet). kubectl folds Ready=Unknown into
 * NotReady; the two need different fixes, so every tool here keeps them apart.
 */
export function nodeReadiness(node: Node): NodeReadiness {
  const ready = nodeReadyCondition(node);
  return ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
}

/** True when the kubelet reports Ready=True. */
export function isNodeReady(node: Node): boolean {
  return nodeReadiness(node) === 'Ready';
}

/** The readiness, with ",SchedulingDisabled" for a cordoned node, as kubectl's STATUS column. */
export function nodeStatus(node: Node): string {
  const ready = nodeReadiness(node);
  return node.spec?.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

/** Conditions of the given types that are True (pressure and network problems). */
export function trueConditions(node: Node, types: readonly string[]): string[] {
  return types.filter((t) => conditionOf(node, t)?.status === 'True');
}
