import type { Pod } from './plain.js';

// What a pod names, derived once: the graph's mounts/uses/service-account edges, the summary's
// dangling references and the tools read it from here.

/** The kinds a pod can name. */
export type PodReferenceKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

/** How the pod names it: a volume (projected ones included), env/envFrom, imagePullSecrets, spec. */
export type PodReferenceVia = 'volume' | 'env' | 'image-pull' | 'service-account';

/** One object a pod names. `optional` references are never missing in a way that matters. */
export interface PodReference {
  readonly kind: PodReferenceKind;
  readonly name: string;
  readonly via: PodReferenceVia;
  readonly optional: boolean;
  /** The container (of any kind) that names it, for env references. */
  readonly container?: string;
}

/**
 * Every ConfigMap, Secret, PersistentVolumeClaim and the ServiceAccount a pod names: volumes and
 * projected volume sources, env valueFrom and envFrom of containers, initContainers and
 * ephemeralContainers, imagePullSecrets, and the ServiceAccount ("default" when the spec names
 * none, as admission sets it).
 */
export function podReferences(pod: Pod): PodReference[] {
  const spec = pod.spec;
  const found: PodReference[] = [];
  const push = (
    kind: PodReferenceKind,
    name: string | undefined,
    via: PodReferenceVia,
    optional: boolean | undefined,
    container?: string,
  ) => {
    if (name)
      found.push({ kind, name, via, optional: optional === true, ...(container ? { container } : {}) });
  };
  for (const vol of spec?.volumes ?? []) {
    push('ConfigMap', vol.configMap?.name, 'volume', vol.configMap?.optional);
    push('Secret', vol.secret?.secretName, 'volume', vol.secret?.optional);
    push('PersistentVolumeClaim', vol.persistentVolumeClaim?.claimName, 'volume', false);
    for (const source of vol.projected?.sources ?? []) {
      push('ConfigMap', source.configMap?.name, 'volume', source.configMap?.optional);
      push('Secret', source.secret?.name, 'volume', source.secret?.optional);
    }
  }
  const containers = [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
  for (const c of containers) {
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      const secret = e.valueFrom?.secretKeyRef;
      push('ConfigMap', cm?.name, 'env', cm?.optional, c.name);
      push('Secret', secret?.name, 'env', secret?.optional, c.name);
    }
    for (const e of c.envFrom ?? []) {
      push('ConfigMap', e.configMapRef?.name, 'env', e.configMapRef?.optional, c.name);
      push('Secret', e.secretRef?.name, 'env', e.secretRef?.optional, c.name);
    }
  }
  for (const s of spec?.imagePullSecrets ?? []) push('Secret', s.name, 'image-pull', false);
  push('ServiceAccount', podServiceAccount(pod), 'service-account', false);
  return found;
}

/** The pod's ServiceAccount ("default" when the spec names none, as admission sets it). */
export function podServiceAccount(pod: Pod): string {
  return pod.spec?.serviceAccountName || pod.spec?.serviceAccount || 'default';
}

/** The ConfigMap with the cluster's root CA that Kubernetes publishes into every namespace. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

/**
 * Whether a reference is one that the API server's ServiceAccount admission adds to every pod,
 * not one its author wrote: the root CA ConfigMap of the projected kube-api-access-* volume, and on
 * clusters before 1.24 the ServiceAccount's token Secret ("<serviceaccount>-token-xxxxx", a volume).
 * A diagnosis leaves them out unless they are the problem (every pod would list them).
 */
export function isProvidedReference(
  pod: Pod,
  ref: { readonly kind: string; readonly name: string },
): boolean {
  if (ref.kind === 'ConfigMap') return ref.name === ROOT_CA_CONFIGMAP;
  if (ref.kind !== 'Secret') return false;
  const prefix = `${podServiceAccount(pod)}-token-`;
  return (
    ref.name.startsWith(prefix) &&
    /^[a-z0-9]{5}$/.test(ref.name.slice(prefix.length)) &&
    (pod.spec?.volumes ?? []).some((v) => v.secret?.secretName === ref.name)
  );
}
