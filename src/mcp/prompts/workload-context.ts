import type { KubeObject } from '../../k8s/kube-object.js';
import type { ClusterSnapshot } from '../../summary/cluster-snapshot.js';
import {
  eventTime,
  isProvidedReference,
  podFacts,
  podReferences,
  podRestarts,
  podStatus,
} from '../../k8s/objects/index.js';
import { harmlessProvidedReference } from '../../summary/detectors/dangling-reference.detector.js';
import { ingressServiceNames } from '../../summary/detectors/ingress-helpers.js';
import { endpointCounts } from '../../summary/detectors/service-endpoints.detector.js';
import { replicaCounts } from '../../summary/detectors/workload-unavailable.detector.js';
import {
  conditionOf,
  type HorizontalPodAutoscaler,
  type Ingress,
  type KubeEvent,
  type LabelSelector,
  type Pod,
  type PodDisruptionBudget,
  selectsSome,
  type Service,
  fromMap,
  type Workload,
} from '../../k8s/objects/index.js';
import type { RankedFinding } from '../../summary/ranking.js';
import { hintText } from '../rendering/finding-text.js';

/** Kinds diagnose-workload accepts, by lower-case name and common short names. */
export const WORKLOAD_KIND_NAMES: Readonly<Record<string, string>> = {
  deployment: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  ds: 'DaemonSet',
  replicaset: 'ReplicaSet',
  rs: 'ReplicaSet',
  job: 'Job',
  cronjob: 'CronJob',
  cj: 'CronJob',
  pod: 'Pod',
  po: 'Pod',
};

/** What is known about one workload and what surrounds it, as text lines. */
export interface WorkloadContext {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly found: boolean;
  readonly lines: readonly string[];
}

/** Recent events shown per workload: enough to see a pattern, few enough for a prompt. */
const MAX_EVENTS = 15;
/** Pods listed per workload. */
const MAX_PODS = 10;

const selectorText = (s: LabelSelector | Readonly<Record<string, string>> | undefined) => {
  const labels =
    s && 'matchLabels' in s ? s.matchLabels : (s as Readonly<Record<string, string>> | undefined);
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
};

/**
 * The workload, its pods, the Services selecting them, Ingresses routing there, HPAs and PDBs,
 * referenced ConfigMaps/Secrets/claims (missing ones marked), its findings and recent events.
 */
export function workloadContext(
  snapshot: ClusterSnapshot,
  kind: string,
  namespace: string,
  name: string,
  findings: readonly RankedFinding[],
): WorkloadContext {
  const obj = snapshot.get<Workload>(kind, namespace, name);
  if (!obj)
    return {
      kind,
      namespace,
      name,
      found: false,
      lines: [`${kind} ${namespace}/${name} is not in the watch cache (it may not exist).`],
    };
  const lines: string[] = [];
  let pods: Pod[];
  let labels: Readonly<Record<string, string>> | undefined;
  if (kind === 'Pod') {
    pods = [obj as Pod];
    labels = obj.metadata.labels;
    lines.push(
      `${kind} ${namespace}/${name}: ${podStatus(obj as Pod)} (phase ${(obj as Pod).status?.phase ?? '?'}), ${podRestarts(obj as Pod)} restarts, node ${(obj as Pod).spec?.nodeName ?? 'none'}`,
    );
  } else if (kind === 'CronJob' || kind === 'Job') {
    const jobs =
      kind === 'Job'
        ? [obj]
        : snapshot
            .inNamespace<KubeObject>('Job', namespace)
            .filter((j) => j.metadata.ownerReferences?.some((o) => o.uid === obj.metadata.uid));
    const jobNames = new Set(jobs.map((j) => j.metadata.name));
    pods = snapshot
      .inNamespace<Pod>('Pod', namespace)
      .filter((p) => p.metadata.labels?.['job-name'] && jobNames.has(p.metadata.labels['job-name']));
    labels = undefined;
    lines.push(
      `${kind} ${namespace}/${name}: ${JSON.stringify({ spec: (obj as KubeObject).spec, status: (obj as KubeObject).status }).slice(0, 400)}`,
    );
  } else {
    const c = replicaCounts({ ...obj, kind });
    pods = snapshot
      .inNamespace<Pod>('Pod', namespace)
      .filter((p) => selectsSome(obj.spec?.selector, p.metadata.labels));
    labels = obj.spec?.template?.metadata?.labels;
    const conds = (obj.status?.conditions ?? [])
      .map((x) => `${x.type}=${x.status}${x.reason ? ` (${x.reason})` : ''}`)
      .join(', ');
    lines.push(
      `${kind} ${namespace}/${name}: desired ${c.desired}, ready ${c.ready}, available ${c.available}; selector ${selectorText(obj.spec?.selector)}${conds ? `; conditions ${conds}` : ''}`,
    );
  }
  lines.push(`Pods (${pods.length}):`);
  for (const p of pods.slice(0, MAX_PODS)) {
    const last = (p.status?.containerStatuses ?? []).map((c) => c.lastState?.terminated).find(Boolean);
    const facts = podFacts(p);
    lines.push(
      `- ${p.metadata.name}: ${facts.status}, ready ${conditionOf(p, 'Ready')?.status ?? '?'}, restarts ${facts.restarts}${last ? `, last termination ${last.reason ?? '?'} (exit ${last.exitCode ?? '?'})` : ''}, node ${p.spec?.nodeName ?? 'none'}`,
    );
  }
  if (pods.length > MAX_PODS) lines.push(`- … and ${pods.length - MAX_PODS} more pods`);

  const services = labels
    ? snapshot
        .inNamespace<Service>('Service', namespace)
        .filter((s) => selectsSome(fromMap(s.spec?.selector), labels))
    : [];
  lines.push(`Services selecting its pods: ${services.length ? '' : 'none'}`);
  for (const s of services) {
    const { ready, total } = endpointCounts(snapshot, s);
    lines.push(`- ${s.metadata.name} (${s.spec?.type ?? 'ClusterIP'}): ${ready}/${total} endpoints ready`);
  }
  const svcNames = new Set(services.map((s) => s.metadata.name));
  const ingresses = snapshot
    .inNamespace<Ingress>('Ingress', namespace)
    .filter((i) => ingressServiceNames(i).some((n) => svcNames.has(n)));
  if (ingresses.length)
    lines.push(`Ingresses routing to them: ${ingresses.map((i) => i.metadata.name).join(', ')}`);
  const hpas = snapshot
    .inNamespace<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', namespace)
    .filter((h) => h.spec?.scaleTargetRef?.kind === kind && h.spec.scaleTargetRef.name === name);
  for (const h of hpas)
    lines.push(
      `HPA ${h.metadata.name}: ${h.spec?.minReplicas ?? 1}-${h.spec?.maxReplicas ?? '?'} replicas, current ${h.status?.currentReplicas ?? '?'}`,
    );
  const pdbs = snapshot
    .inNamespace<PodDisruptionBudget>('PodDisruptionBudget', namespace)
    .filter((d) => labels && selectsSome(d.spec?.selector, labels));
  for (const d of pdbs)
    lines.push(`PDB ${d.metadata.name}: ${d.status?.disruptionsAllowed ?? '?'} disruptions allowed`);
  const refs = new Map<string, boolean>();
  for (const p of pods.slice(0, MAX_PODS)) {
    // What a pod references is derived once (k8s/objects), as the graph's mounts/uses edges read it.
    for (const r of podReferences(p)) {
      if (r.kind === 'ServiceAccount' || r.optional) continue;
      const exists = !!snapshot.get(r.kind, namespace, r.name);
      // What admission gives every pod (kube-root-ca.crt, a token Secret) is no dependency of this
      // workload in particular: named only when it is missing and could be why the pod waits.
      if (isProvidedReference(p, r) && (exists || harmlessProvidedReference(snapshot, p.metadata, r)))
        continue;
      refs.set(`${r.kind} ${r.name}`, exists);
    }
  }
  if (refs.size)
    lines.push(
      `Uses: ${[...refs]
        .sort()
        .map(([r, ok]) => (ok ? r : `${r} (MISSING)`))
        .join(', ')}`,
    );

  const involved = new Set([
    `${kind}/${name}`,
    ...pods.map((p) => `Pod/${p.metadata.name}`),
    ...services.map((s) => `Service/${s.metadata.name}`),
  ]);
  const own = findings.filter((f) => f.namespace === namespace && involved.has(`${f.kind}/${f.name}`));
  lines.push(`Anomalies (${own.length}):`);
  for (const f of own)
    lines.push(
      `- [${f.severity}] ${f.kind} ${f.name}: ${f.reason}${f.message ? ` — ${f.message}` : ''} → ${hintText(f.hint)}`,
      ...(f.changedBefore ?? []).map((c) => `  changed shortly before: ${c}`),
    );
  const rsNames = new Set(
    snapshot
      .inNamespace('ReplicaSet', namespace)
      .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === obj.metadata.uid))
      .map((rs) => `ReplicaSet/${rs.metadata.name}`),
  );
  const events = snapshot
    .inNamespace<KubeEvent>('Event', namespace)
    .filter((e) => {
      const key = `${e.involvedObject?.kind}/${e.involvedObject?.name}`;
      return involved.has(key) || rsNames.has(key);
    })
    .sort((a, b) => (eventTime(a) < eventTime(b) ? 1 : eventTime(a) > eventTime(b) ? -1 : 0));
  lines.push(`Recent events (${events.length}, newest first):`);
  for (const e of events.slice(0, MAX_EVENTS)) {
    lines.push(
      `- ${eventTime(e)} ${e.type ?? ''} ${e.reason ?? ''} ${e.involvedObject?.kind}/${e.involvedObject?.name}: ${(e.message ?? '').replace(/\s+/g, ' ').slice(0, 200)}${(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`,
    );
  }
  return { kind, namespace, name, found: true, lines };
}
