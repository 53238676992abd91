import { isProvidedReference, type Pod } from '../../k8s/objects/index.js';
import type { ClusterSnapshot } from '../cluster-snapshot.js';
import { type Detector, type Finding, shownBy } from './detector.js';

const REFERENCED = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim']);

/**
 * A reference every pod gets from admission (the root CA ConfigMap, a ServiceAccount token
 * Secret) is the problem only when its pod cannot start: a Running or finished pod that names a
 * missing one mounted it already, or never needed it (the cache may not hold it, e.g. ConfigMaps
 * of a namespace the server cannot list). A pending pod keeps the finding: a failed mount is why it waits.
 */
export function harmlessProvidedReference(
  snapshot: ClusterSnapshot,
  pod: { readonly namespace?: string; readonly name: string },
  ref: { readonly kind: string; readonly name: string },
): boolean {
  const obj = snapshot.get<Pod>('Pod', pod.namespace, pod.name);
  if (!obj || !isProvidedReference(obj, ref)) return false;
  const phase = obj.status?.phase;
  return phase === 'Running' || phase === 'Succeeded' || phase === 'Failed';
}

/** References to objects that do not exist (from the graph, or from pod specs without it). */
export const danglingReferenceDetector: Detector = {
  name: 'dangling-reference',
  description:
    'Pods referencing a ConfigMap, Secret or claim that does not exist (dangling references from the graph)',
  detect({ snapshot, graph }) {
    const byPod = new Map<
      string,
      {
        ns: string;
        name: string;
        kind: string;
        missing: string[];
        first?: { kind: string; name: string; ns: string };
      }
    >();
    for (const edge of graph.danglingEdges()) {
      // Missing Services, IngressClasses, TLS Secrets and scale targets have detectors of their own.
      if (edge.from.kind !== 'Pod' || !REFERENCED.has(edge.to.kind)) continue;
      if (!snapshot.isVisible(edge.from.namespace) || !snapshot.isVisible(edge.to.namespace)) continue;
      if (harmlessProvidedReference(snapshot, edge.from, edge.to)) continue;
      const key = `${edge.from.kind}/${edge.from.namespace ?? ''}/${edge.from.name}`;
      const entry = byPod.get(key) ?? {
        ns: edge.from.namespace ?? '',
        name: edge.from.name,
        kind: edge.from.kind,
        missing: [],
      };
      entry.missing.push(`${edge.to.kind} ${edge.to.name} (${edge.type})`);
      entry.first ??= { kind: edge.to.kind, name: edge.to.name, ns: edge.to.namespace ?? '' };
      byPod.set(key, entry);
    }
    const out: Finding[] = [];
    for (const e of byPod.values()) {
      const missing = [...new Set(e.missing)].sort();
      out.push({
        detector: this.name,
        severity: 'warning',
        kind: e.kind,
        namespace: e.ns || undefined,
        name: e.name,
        reason: 'MissingReference',
        message: `references missing ${missing.join(', ')}`,
        count: missing.length,
        countOf: 'missing',
        // A call that answers "not found" for the missing object, and the pod's side of the reference.
        hint: [
          'create it or fix the reference (containers cannot start without it)',
          ...(e.first
            ? [
                shownBy('it is missing', 'k8s-get-resource', {
                  kind: e.first.kind,
                  namespace: e.first.ns,
                  name: e.first.name,
                }),
              ]
            : []),
          shownBy("the pod's env and volumes", 'k8s-describe-pod', { namespace: e.ns, name: e.name }),
        ],
      });
    }
    return out;
  },
};
