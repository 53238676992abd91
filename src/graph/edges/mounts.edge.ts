import type { KubeObject } from '../../k8s/kube-object.js';
import { type EdgeRule, type EdgeSpec, rec, recs, refOf, sameNamespace, str } from './edge-rule.js';

type Found = { kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim'; name: string; optional: boolean };

/** The ConfigMaps, Secrets and PVCs a pod's volumes (projected ones included) name. */
function volumeRefs(podSpec: Record<string, unknown>): Found[] {
  const found: Found[] = [];
  const cm = (v: Record<string, unknown> | undefined) => {
    const name = str(v?.name);
    if (name) found.push({ kind: 'ConfigMap', name, optional: v?.optional === true });
  };
  const secret = (v: Record<string, unknown> | undefined, field: 'name' | 'secretName') => {
    const name = str(v?.[field]);
    if (name) found.push({ kind: 'Secret', name, optional: v?.optional === true });
  };
  for (const vol of recs(podSpec.volumes)) {
    cm(rec(vol.configMap));
    secret(rec(vol.secret), 'secretName');
    const claim = str(rec(vol.persistentVolumeClaim)?.claimName);
    if (claim) found.push({ kind: 'PersistentVolumeClaim', name: claim, optional: false });
    for (const source of recs(rec(vol.projected)?.sources)) {
      cm(rec(source.configMap));
      secret(rec(source.secret), 'name');
    }
  }
  return found;
}

/** The ConfigMaps and Secrets containers read through env and envFrom, and the image pull Secrets. */
function envRefs(podSpec: Record<string, unknown>): Found[] {
  const found: Found[] = [];
  const add = (kind: Found['kind'], v: Record<string, unknown> | undefined) => {
    const name = str(v?.name);
    if (name) found.push({ kind, name, optional: v?.optional === true });
  };
  const containers = [
    ...recs(podSpec.initContainers),
    ...recs(podSpec.containers),
    ...recs(podSpec.ephemeralContainers),
  ];
  for (const c of containers) {
    for (const e of recs(c.env)) {
      const from = rec(e.valueFrom);
      add('ConfigMap', rec(from?.configMapKeyRef));
      add('Secret', rec(from?.secretKeyRef));
    }
    for (const e of recs(c.envFrom)) {
      add('ConfigMap', rec(e.configMapRef));
      add('Secret', rec(e.secretRef));
    }
  }
  for (const s of recs(podSpec.imagePullSecrets)) add('Secret', s);
  return found;
}

function toEdges(pod: KubeObject, type: 'mounts' | 'uses', found: Found[]): EdgeSpec[] {
  const from = refOf(pod, 'Pod');
  return found.map((f) => ({ type, from, to: sameNamespace(pod, f.kind, f.name), optional: f.optional }));
}

/**
 * mounts: Pod → ConfigMap / Secret / PersistentVolumeClaim through volumes and projected volumes.
 * uses: Pod → ConfigMap / Secret through env valueFrom, envFrom, and imagePullSecrets.
 * References marked `optional: true` are kept but never reported as dangling.
 */
export const mountsRule: EdgeRule = {
  name: 'mounts',
  types: ['mounts', 'uses'],
  sources: ['Pod'],
  derive(obj) {
    const spec = rec(obj.spec) ?? {};
    return [...toEdges(obj, 'mounts', volumeRefs(spec)), ...toEdges(obj, 'uses', envRefs(spec))];
  },
};
