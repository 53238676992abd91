import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { runAsServer } from '../common/logging/request-context.js';
import { mapLimit } from '../common/map-limit.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { apiRequest } from '../k8s/api-request.js';
import { classifyK8sError } from '../k8s/k8s-error.classifier.js';
import { K8sService } from '../k8s/k8s.service.js';
import { type KubeUser, kubeUserKey } from '../security/kube-user.js';
import { PersonView } from '../common/kube/person-view.js';
import { TtlCache } from '../security/ttl-cache.js';

/** What a SubjectAccessReview asks about (resourceAttributes). */
export interface AccessAttributes {
  readonly verb: 'get' | 'list' | 'watch';
  readonly group: string;
  /** The plural resource name, e.g. pods. */
  readonly resource: string;
  /** undefined: cluster-wide (every namespace, or a cluster-scoped kind). */
  readonly namespace?: string;
  readonly name?: string;
}

/** A kind to review for a view: its name and where the API server authorizes it. */
export interface ReviewedKind {
  readonly kind: string;
  readonly group: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** How many SubjectAccessReviews one view sends at once. */
const REVIEW_FAN_OUT = 8;

const SAR_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

/** The cache key: the person (user and sorted groups) and every attribute, so no two people share. */
export function reviewKey(user: KubeUser, a: AccessAttributes): string {
  return `${kubeUserKey(user)}\u0000${JSON.stringify([a.verb, a.group, a.resource, a.namespace ?? '', a.name ?? ''])}`;
}

/**
 * Asks the API server, as this server's ServiceAccount, whether a person may read something
 * (SubjectAccessReview), before the watch cache answers for them: the cache was filled with the
 * server's rights, the person's may be narrower. Answers are kept K8S_MCP_SAR_CACHE_TTL seconds,
 * at most K8S_MCP_SAR_CACHE_SIZE of them; the same question asked twice at once is sent once.
 * A review that fails is not an answer: the read fails (closed), nothing is cached.
 */
@Injectable()
export class AccessReview {
  private readonly answers: TtlCache<boolean>;
  private readonly pending = new Map<string, Promise<boolean>>();
  /** SubjectAccessReviews sent (for the benchmark and tests). */
  sent = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly k8s: K8sService,
  ) {
    this.answers = new TtlCache(config.K8S_MCP_SAR_CACHE_TTL * 1000, config.K8S_MCP_SAR_CACHE_SIZE);
  }

  /** Whether `user` may do this; from the cache when asked within the TTL. */
  async allowed(user: KubeUser, a: AccessAttributes): Promise<boolean> {
    const key = reviewKey(user, a);
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    let asking = this.pending.get(key);
    if (!asking) {
      asking = this.review(user, a)
        .then((answer) => {
          this.answers.set(key, answer);
          return answer;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, asking);
    }
    return asking;
  }

  /** Refuses, with the API server's own 403 answer, what `user` may not do. */
  async assertAllowed(user: KubeUser, a: AccessAttributes, opResource: string): Promise<void> {
    if (!(await this.allowed(user, a))) throw forbidden(user, a, opResource);
  }

  /**
   * What `user` may list of each kind, over the given namespaces: a kind allowed cluster-wide
   * needs no per-namespace review.
   */
  async view(
    user: KubeUser,
    kinds: readonly ReviewedKind[],
    namespaces: readonly string[],
  ): Promise<PersonView> {
    const everywhere = new Set<string>();
    const byNamespace = new Map<string, Set<string>>();
    const wide = await mapLimit(kinds, REVIEW_FAN_OUT, (k) =>
      this.allowed(user, { verb: 'list', group: k.group, resource: k.plural }),
    );
    const narrow: { kind: ReviewedKind; namespace: string }[] = [];
    kinds.forEach((k, i) => {
      if (wide[i]) everywhere.add(k.kind);
      else if (k.namespaced) {
        byNamespace.set(k.kind, new Set());
        for (const namespace of namespaces) narrow.push({ kind: k, namespace });
      }
    });
    const answers = await mapLimit(narrow, REVIEW_FAN_OUT, ({ kind, namespace }) =>
      this.allowed(user, { verb: 'list', group: kind.group, resource: kind.plural, namespace }),
    );
    narrow.forEach(({ kind, namespace }, i) => {
      if (answers[i]) byNamespace.get(kind.kind)!.add(namespace);
    });
    return new PersonView(
      everywhere,
      byNamespace,
      new Set(kinds.filter((k) => k.namespaced).map((k) => k.kind)),
    );
  }

  private async review(user: KubeUser, a: AccessAttributes): Promise<boolean> {
    this.sent++;
    const clients = await this.k8s.clients();
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: user.username,
        // The API server adds system:authenticated to an impersonated user's groups (the mapping
        // drops every system: group a token names): the review must ask about the same groups.
        groups: [...user.groups, 'system:authenticated'],
        resourceAttributes: {
          verb: a.verb,
          group: a.group,
          resource: a.resource,
          ...(a.namespace ? { namespace: a.namespace } : {}),
          ...(a.name ? { name: a.name } : {}),
        },
      },
    };
    // As the server itself: an impersonated person may not create SubjectAccessReviews.
    const answer = await runAsServer(() =>
      apiRequest<{ status?: { allowed?: boolean } }>(
        clients,
        { method: 'POST', path: SAR_PATH, body },
        { verb: 'create', resource: 'subjectaccessreview' },
      ),
    ).catch((err: unknown) => {
      const e = AppError.is(err)
        ? err
        : classifyK8sError(err, { verb: 'create', resource: 'subjectaccessreview' });
      throw new AppError(e.code, `cannot check ${user.username}'s access to ${a.resource}: ${e.message}`, {
        hint: "the server's ServiceAccount needs create on subjectaccessreviews.authorization.k8s.io (the Helm chart grants it with impersonation on)",
        cause: err,
      });
    });
    return answer.status?.allowed === true;
  }
}

/** The API server's own 403 for this request, word for word, so cached and fresh reads answer alike. */
export function forbidden(user: KubeUser, a: AccessAttributes, opResource: string): AppError {
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const message = `${subject} is forbidden: User "${user.username}" cannot ${a.verb} resource "${a.resource}" in API group "${a.group}" ${scope}`;
  return classifyK8sError(
    { code: 403, body: { kind: 'Status', status: 'Failure', message, reason: 'Forbidden', code: 403 } },
    { verb: a.verb, resource: opResource, name: a.name, namespace: a.namespace },
  );
}
