import { Injectable } from '@nestjs/common';
import { AccessReview } from './access-review.service.js';
import type { KubeUser } from '../security/kube-user.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import type { PersonView } from '../common/kube/person-view.js';
import { InformerRegistry } from './informer-registry.js';

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

  viewOf(user: KubeUser): Promise<PersonView> {
    const kinds = this.registry.informers().map((i) => ({
      kind: i.kind.ref.kind,
      group: i.kind.ref.group,
      plural: i.kind.ref.plural,
      namespaced: i.kind.ref.namespaced,
    }));
    return this.reviews.view(user, kinds, this.namespaces());
  }

  /** The namespaces the cache may hold objects of: the Namespace informer's, else the allow-list. */
  private namespaces(): string[] {
    const store = this.registry.informer('Namespace')?.store;
    const names = store ? store.list().map((o) => o.metadata.name) : (this.policy.explicitNamespaces() ?? []);
    return names.filter((n) => this.policy.isAllowed(n));
  }
}
