import type { Pod } from '../../../k8s/objects/index.js';

// The scheduling and container facts `kubectl describe pod` prints (node selector, affinity,
// tolerations, ports, environment), compact, for k8s-describe-pod: an Unschedulable finding's hint
// sends the reader here to see what the pod asks of the nodes.

type Spec = NonNullable<Pod['spec']>;
type Container = Spec['containers'][number];
type Affinity = NonNullable<Spec['affinity']>;
type NodeSelectorTerm = NonNullable<
  NonNullable<Affinity['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']
>['nodeSelectorTerms'][number];
type PodAffinityTerm = NonNullable<
  NonNullable<Affinity['podAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']
>[number];

/** One environment variable: its name and where the value comes from (never a Secret's value). */
export interface EnvFact {
  readonly name: string;
  readonly source: 'literal' | 'configMap' | 'secret' | 'field' | 'resource' | 'unknown';
  /** A literal value, only when the rule below says it cannot be a secret; else "<set>". */
  readonly value?: string;
  /** The object and key, field path or resource the value comes from. */
  readonly from?: string;
}

// A literal value is shown only when it cannot be a secret by this rule: the variable's name does
// not look like a credential and the value is short. Anything else reads "<set>": a password
// typed into the manifest stays out of the answer (and out of the model's context).
const SECRET_LIKE_NAME = /pass|secret|token|key|cred|auth|cert|private/i;
const MAX_SHOWN_LITERAL = 64;

/** Whether a literal env value may be shown (see the rule above). */
export function literalShown(name: string, value: string): boolean {
  return !SECRET_LIKE_NAME.test(name) && value.length <= MAX_SHOWN_LITERAL;
}

/** A container's env and envFrom, names and sources only where a value could be secret. */
export function envFacts(c: Container): EnvFact[] {
  const out: EnvFact[] = [];
  for (const e of c.env ?? []) {
    const v = e.valueFrom;
    if (!v) {
      const value = e.value ?? '';
      out.push({ name: e.name, source: 'literal', value: literalShown(e.name, value) ? value : '<set>' });
    } else if (v.secretKeyRef)
      out.push({
        name: e.name,
        source: 'secret',
        from: `${v.secretKeyRef.name ?? ''}/${v.secretKeyRef.key}`,
      });
    else if (v.configMapKeyRef)
      out.push({
        name: e.name,
        source: 'configMap',
        from: `${v.configMapKeyRef.name ?? ''}/${v.configMapKeyRef.key}`,
      });
    else if (v.fieldRef) out.push({ name: e.name, source: 'field', from: v.fieldRef.fieldPath });
    else if (v.resourceFieldRef)
      out.push({
        name: e.name,
        source: 'resource',
        from: `${v.resourceFieldRef.containerName ? `${v.resourceFieldRef.containerName}:` : ''}${v.resourceFieldRef.resource}`,
      });
    else out.push({ name: e.name, source: 'unknown' });
  }
  // envFrom brings every key of the object (names known only by reading it), under an optional prefix.
  for (const f of c.envFrom ?? []) {
    const prefix = f.prefix ? `${f.prefix}*` : '*';
    if (f.configMapRef)
      out.push({ name: prefix, source: 'configMap', from: `${f.configMapRef.name ?? ''}/*` });
    if (f.secretRef) out.push({ name: prefix, source: 'secret', from: `${f.secretRef.name ?? ''}/*` });
  }
  return out;
}

/** An env fact as describe prints it: NAME=value, NAME <- Secret s/key, ... */
export function envText(e: EnvFact): string {
  switch (e.source) {
    case 'literal':
      return `${e.name}=${e.value ?? ''}`;
    case 'configMap':
      return `${e.name} ← ConfigMap ${e.from ?? ''}`;
    case 'secret':
      return `${e.name} ← Secret ${e.from ?? ''}`;
    case 'field':
      return `${e.name} ← field ${e.from ?? ''}`;
    case 'resource':
      return `${e.name} ← resource ${e.from ?? ''}`;
    default:
      return `${e.name} ← ?`;
  }
}

/** Container ports as "8080/TCP (http)". */
export function portsText(c: Container): string[] {
  return (c.ports ?? []).map(
    (p) =>
      `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}${p.hostPort ? ` host ${p.hostPort}` : ''}`,
  );
}

/** Tolerations as kubectl writes them: key=value:Effect op=Exists for 300s. */
export function tolerationsText(spec: Spec | undefined): string[] {
  return (spec?.tolerations ?? []).map((t) => {
    const kv = t.key ? `${t.key}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}` : '<all>';
    const op = t.operator === 'Exists' ? ' op=Exists' : '';
    return `${kv}:${t.effect ?? '<all effects>'}${op}${t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : ''}`;
  });
}

function termText(t: NodeSelectorTerm): string {
  const reqs = [
    ...(t.matchExpressions ?? []).map(
      (r) => `${r.key} ${r.operator}${r.values?.length ? ` (${r.values.join(',')})` : ''}`,
    ),
    ...(t.matchFields ?? []).map((r) => `field ${r.key} ${r.operator} (${(r.values ?? []).join(',')})`),
  ];
  return reqs.join(' and ') || '<any>';
}

function podTermText(t: PodAffinityTerm): string {
  const sel = t.labelSelector;
  const parts = [
    ...Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(sel?.matchExpressions ?? []).map(
      (r) => `${r.key} ${r.operator}${r.values?.length ? ` (${r.values.join(',')})` : ''}`,
    ),
  ];
  return `pods ${parts.join(',') || '<all>'} per ${t.topologyKey}`;
}

/** Affinity, one line per rule: "node required: disk In (ssd) or zone In (a)", "pod anti-affinity preferred(100): ...". */
export function affinityText(spec: Spec | undefined): string[] {
  const a = spec?.affinity;
  if (!a) return [];
  const lines: string[] = [];
  const nodeRequired = a.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed, requirements of a term ANDed (as the scheduler reads them).
  if (nodeRequired?.length) lines.push(`node required: ${nodeRequired.map(termText).join(' or ')}`);
  for (const p of a.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    lines.push(`node preferred(${p.weight}): ${termText(p.preference)}`);
  for (const [label, rule] of [
    ['pod affinity', a.podAffinity],
    ['pod anti-affinity', a.podAntiAffinity],
  ] as const) {
    for (const t of rule?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      lines.push(`${label} required: ${podTermText(t)}`);
    for (const p of rule?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      lines.push(`${label} preferred(${p.weight}): ${podTermText(p.podAffinityTerm)}`);
  }
  return lines;
}
