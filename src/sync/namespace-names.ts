import type { KubeObject } from '../k8s/kube-object.js';
import type { NamespacePolicy } from '../security/namespace-policy.js';
import type { ReflectorSink } from './reflector.js';

/**
 * Feeds the namespace policy the names of the cluster's namespaces, so that it can mask the names
 * of hidden ones in free text and answer a missing namespace as it answers a hidden one.
 *
 * Under an allow-list the Namespace informer watches only the allowed namespaces, so a light
 * watch of its own runs cluster-wide, metadata only (PartialObjectMetadata: names, no spec or
 * status), and keeps nothing but the names; nothing it sees is ever served. Under a deny-list the
 * hidden names are the list itself and the Namespace informer's own handlers report the rest.
 */
export class NamespaceNames implements ReflectorSink {
  constructor(private readonly policy: Pick<NamespacePolicy, 'noteNamespaces'>) {}

  replace(items: readonly KubeObject[]): void {
    this.policy.noteNamespaces(
      items.map((o) => o.metadata.name),
      true,
    );
  }

  upsert(obj: KubeObject): void {
    this.policy.noteNamespaces([obj.metadata.name]);
  }

  // Names are never forgotten: a deleted namespace's name still lingers in events and caches.
  delete(): void {}
}
