import type { Node, Pod } from '../k8s/objects/index.js';

/** A node taint, a pod toleration, one requirement of a required node affinity term. */
type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
type Toleration = NonNullable<NonNullable<Pod['spec']>['tolerations']>[number];
type NodeSelectorRequirement = NonNullable<
  NonNullable<
    NonNullable<
      NonNullable<NonNullable<Pod['spec']>['affinity']>['nodeAffinity']
    >['requiredDuringSchedulingIgnoredDuringExecution']
  >['nodeSelectorTerms'][number]['matchExpressions']
>[number];

// Why no node takes a pod, in the words a person acts on: the label no node has, the taint the
// pod does not tolerate. The scheduler's own message only counts nodes ("0/3 nodes are available:
// 3 node(s) didn't match Pod's node affinity/selector"); these rules name the fact, from the same
// objects the scheduler reads (the node's labels and taints, the pod's selector, affinity and
// tolerations). Resources are left to the scheduler's message, which names them already.

const BLOCKING_EFFECTS = new Set(['NoSchedule', 'NoExecute']);

/** True when the toleration tolerates the taint (the rules of the Kubernetes API). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** A taint as kubectl writes it: key=value:Effect. */
export function taintText(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

function requirementMet(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return v !== undefined && (r.values ?? []).includes(v);
    case 'NotIn':
      return v === undefined || !(r.values ?? []).includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(r.values?.[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(r.values?.[0]);
    default:
      return false;
  }
}

/** The requirement as a label selector string (for k8s-get-nodes), or undefined for Gt/Lt. */
function requirementSelector(r: NodeSelectorRequirement): string | undefined {
  const values = (r.values ?? []).join(',');
  switch (r.operator) {
    case 'In':
      return r.values?.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${values})`;
    case 'NotIn':
      return `${r.key} notin (${values})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    default:
      return undefined;
  }
}

function requirementText(r: NodeSelectorRequirement): string {
  if (r.operator === 'Exists') return `label ${r.key}`;
  if (r.operator === 'DoesNotExist') return `no label ${r.key}`;
  if (r.operator === 'In' && r.values?.length === 1) return `label ${r.key}=${r.values[0]}`;
  return `label ${r.key} ${r.operator} (${(r.values ?? []).join(',')})`;
}

/** Why each node refuses the pod, or undefined for a node that would take it (as far as labels and taints go). */
function refusal(pod: Pod, node: Node): { label?: string; selector?: string; taint?: Taint } | undefined {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return { label: `label ${k}=${v}`, selector: `${k}=${v}` };
  }
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length > 0) {
    // Terms are ORed, the requirements of one term ANDed.
    const failed = terms.map((t) => (t.matchExpressions ?? []).find((r) => !requirementMet(r, labels)));
    if (failed.every((f) => f !== undefined)) {
      const selector = requirementSelector(failed[0]!);
      return { label: requirementText(failed[0]!), ...(selector ? { selector } : {}) };
    }
  }
  const taint = (node.spec?.taints ?? []).find(
    (t) => BLOCKING_EFFECTS.has(t.effect) && !(pod.spec?.tolerations ?? []).some((tol) => tolerates(tol, t)),
  );
  return taint ? { taint } : undefined;
}

/** What keeps a pod off every node, named, and what shows it. */
export interface UnschedulableFacts {
  /** "no node has label accelerator=nvidia-a100", "untolerated taint dedicated=gpu:NoSchedule on 2 of 3 nodes". */
  readonly text: string;
  /** Label selectors of the unmet label requirements: k8s-get-nodes with one lists the nodes that meet it. */
  readonly selectors: readonly string[];
  /** True when an untolerated taint is part of it (the nodes view lists the taints). */
  readonly taints: boolean;
}

/**
 * What keeps the pod off every node, as far as labels and taints go; undefined when they do not
 * explain it (resources, ports, volumes: the scheduler's message says which).
 */
export function unschedulableFacts(pod: Pod, nodes: readonly Node[]): UnschedulableFacts | undefined {
  if (nodes.length === 0) return { text: 'the cluster has no nodes', selectors: [], taints: false };
  const reasons = nodes.map((n) => refusal(pod, n));
  if (reasons.some((r) => r === undefined)) return undefined;
  const parts: string[] = [];
  const labels = new Map<string, number>();
  const selectors = new Set<string>();
  const taints = new Map<string, number>();
  for (const r of reasons) {
    if (r?.label) labels.set(r.label, (labels.get(r.label) ?? 0) + 1);
    if (r?.selector) selectors.add(r.selector);
    if (r?.taint) taints.set(taintText(r.taint), (taints.get(taintText(r.taint)) ?? 0) + 1);
  }
  const of = (n: number) => (n === nodes.length ? `all ${n} nodes` : `${n} of ${nodes.length} nodes`);
  for (const [label, n] of labels) {
    parts.push(n === nodes.length ? `no node has ${label}` : `${label} missing on ${of(n)}`);
  }
  for (const [taint, n] of taints) parts.push(`untolerated taint ${taint} on ${of(n)}`);
  return { text: parts.join('; '), selectors: [...selectors], taints: taints.size > 0 };
}

/**
 * What keeps the pod off every node, named: "no node has label accelerator=nvidia-a100",
 * "untolerated taint dedicated=gpu:NoSchedule on 2 of 3 nodes". Undefined when labels and taints
 * do not explain it.
 */
export function explainUnschedulable(pod: Pod, nodes: readonly Node[]): string | undefined {
  return unschedulableFacts(pod, nodes)?.text;
}
