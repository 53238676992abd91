import { Injectable } from '@nestjs/common';
import { AccessReview } from './access-review.service.js';
import type { KubeUser } from '../security/kube-user.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import type { PersonView } from '../common/kube/person-view.js';
import { InformerRegistry } from './informer-registry.js';

/** How long a view waits for the first list of namespaces (as a summary waits for the first sync). */
const NAMESPACES_WAIT_MS = 5_000;

/**
 * A person's view of what the watch cache holds: for every watched kind, where they may list it
 * (AccessReview, cached). Built once per call for a person, before anything is read.
 */
@Injectable()
export class PersonViews {
  constructor(
    private readonly registry: InformerRegistry,
    private readonly policy: NamespacePolicy,
    private readonly reviews: AccessReview,
  ) {}

  async viewOf(user: KubeUser): Promise<PersonView> {
    await this.namespacesListed();
    const kinds = this.registry.informers().map((i) => ({
      kind: i.kind.ref.kind,
      group: i.kind.ref.group,
      plural: i.kind.ref.plural,
      namespaced: i.kind.ref.namespaced,
    }));
    return this.reviews.view(user, kinds, this.namespaces());
  }

  /**
   * Waits (bounded) for the watch cache's first list of namespaces: a view built before it (a call
   * that started its cluster's model) would hold none, and tell the person they may read nothing.
   */
  private async namespacesListed(): Promise<void> {
    const informer = this.registry.informer('Namespace');
    if (!informer || informer.hasSynced()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, NAMESPACES_WAIT_MS)));
    await Promise.race([informer.ready(), timeout]);
    clearTimeout(timer);
  }

  /** The namespaces the cache may hold objects of: the Namespace informer's, else the allow-list. */
  private namespaces(): string[] {
    const store = this.registry.informer('Namespace')?.store;
    const names = store ? store.list().map((o) => o.metadata.name) : (this.policy.explicitNamespaces() ?? []);
    return names.filter((n) => this.policy.isAllowed(n));
  }
}
