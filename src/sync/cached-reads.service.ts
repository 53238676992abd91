import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { currentContext } from '../common/logging/request-context.js';
import { mapLimit } from '../common/map-limit.js';
import { FAN_OUT, KubeApi, type ListPage, type ListQuery } from '../k8s/kube-api.service.js';
import { AccessReview } from './access-review.service.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { apiVersionOf, type ResourceRef } from '../k8s/resource-ref.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { type FieldSelector, matchesFields, parseFieldSelector } from './field-selector.js';
import type { Informer, KindStatus } from './informer.js';
import { InformerRegistry } from './informer-registry.js';
import {
  equalitiesOf,
  type LabelSelector,
  matchesSelector,
  parseLabelSelector,
} from '../k8s/objects/index.js';
import type { ReflectorState } from './reflector.js';
import { type IndexName, objectKey } from './store.js';

/** Where an answer came from. */
export type ReadSource = 'cache' | 'api';

/** How fresh an answer is, for the model and for structuredContent. */
export interface Freshness {
  readonly source: ReadSource;
  /** Why the API server answered instead of the cache (source "api"). */
  readonly reason?: string;
  /** resourceVersion the watch had reached (source "cache"; absent with several per-namespace watches). */
  readonly resourceVersion?: string;
  /** Last watch event or LIST seen for the kind (source "cache"); bookmarks count, so ~1/min when idle. */
  readonly lastEventAt?: string;
  readonly lastEventAgeSeconds?: number;
  /** "degraded": the watch keeps failing, the data may be older than the age says. */
  readonly watchState?: ReflectorState;
}

/** A list page with where it came from. */
export interface FreshListPage<T extends KubeObject = KubeObject> extends ListPage<T> {
  readonly freshness: Freshness;
}

/** One object with where it came from. */
export interface FreshObject<T extends KubeObject = KubeObject> {
  readonly object: T;
  readonly freshness: Freshness;
}

/** What a caller may allow or force. */
export interface ReadOptions {
  /** true: read from the API server whatever the cache holds. */
  readonly fresh?: boolean;
  /** true: metadata is all the caller shows, so metadata-only kinds (ConfigMap, Secret) may come from the cache. */
  readonly metadataSuffices?: boolean;
}

/** Prefix of the continue tokens of cached pages: API tokens (base64, no colon) cannot start with it. */
const CACHE_TOKEN_PREFIX = 'cache:';

interface CacheToken {
  /** Key (namespace/name) of the last item served: the next page starts after it. */
  readonly a: string;
}

const isCacheToken = (token: string | undefined): token is string =>
  token !== undefined && token.startsWith(CACHE_TOKEN_PREFIX);

const encodeCacheToken = (t: CacheToken): string =>
  CACHE_TOKEN_PREFIX + Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeCacheToken(token: string): CacheToken {
  try {
    const t = JSON.parse(
      Buffer.from(token.slice(CACHE_TOKEN_PREFIX.length), 'base64url').toString('utf8'),
    ) as CacheToken;
    if (typeof t.a === 'string') return t;
  } catch {
    // fall through to the error below
  }
  throw new AppError('INPUT.INVALID', 'continue: not a token this server issued', {
    hint: 'pass the continue value from the previous page unchanged',
  });
}

/** Either the informer to read, with parsed selectors, or why the API server must answer. */
type Plan =
  | {
      readonly informer: Informer;
      readonly status: KindStatus;
      readonly labels?: LabelSelector;
      readonly fields?: FieldSelector;
    }
  | { readonly reason: string };

const isNamespaceKind = (ref: ResourceRef): boolean => ref.group === '' && ref.kind === 'Namespace';

/**
 * Reads answered from the watch cache once a kind has synced, with the same shapes, namespace
 * policy and paging contract as KubeApi; everything the cache cannot answer exactly (kinds not
 * watched or not synced, metadata-only kinds whose contents are needed, field selectors it does not
 * know, `fresh`) goes to KubeApi. Every answer says where it came from.
 */
@Injectable()
export class CachedReads {
  constructor(
    private readonly registry: InformerRegistry,
    private readonly kube: KubeApi,
    private readonly policy: NamespacePolicy,
    private readonly reviews: AccessReview,
  ) {}

  /** One page of a kind, from the cache when it can answer, else from the API server. */
  async list<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    q: ListQuery,
    opts: ReadOptions = {},
  ): Promise<FreshListPage<T>> {
    if (ref.namespaced && !q.allNamespaces) {
      if (!q.namespace) throw new AppError('INPUT.INVALID', 'namespace: required for a namespaced kind');
      await this.assertNamespaceVisible(q.namespace);
    }
    const plan = this.plan(ref, opts, q);
    if ('reason' in plan) {
      if (isCacheToken(q.continue)) {
        throw new AppError(
          'INPUT.INVALID',
          `continue: this token belongs to a page read from the watch cache, which cannot answer now (${plan.reason})`,
          { hint: 'list again without continue (and with fresh: true to page through the API server)' },
        );
      }
      const page = await this.kube.list<T>(ref, q);
      return { ...page, freshness: { source: 'api', reason: plan.reason } };
    }
    await this.assertPersonMayList(ref, q);
    return this.listCached<T>(ref, q, plan);
  }

  /** One object, from the cache when it holds it, else from the API server (which also answers misses). */
  async get<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    name: string,
    namespace: string | undefined,
    opts: ReadOptions = {},
  ): Promise<FreshObject<T>> {
    if (ref.namespaced) {
      if (!namespace) throw new AppError('INPUT.INVALID', `namespace: required for ${ref.kind}`);
      await this.assertNamespaceVisible(namespace);
    } else if (isNamespaceKind(ref)) {
      this.policy.assertAllowed(name);
    }
    const plan = this.plan(ref, opts);
    let reason: string;
    if ('reason' in plan) reason = plan.reason;
    else {
      // The cache holds what the server may read; a person is asked about first, as the API
      // server would ask (the same 403 whether the object exists or not).
      await this.assertPersonMay(ref, 'get', ref.namespaced ? namespace : undefined, name);
      const cached = plan.informer.store.get(ref.namespaced ? `${namespace}/${name}` : name);
      // A miss may be an object created a moment ago: the API server has the last word on absence.
      // A hit is checked by its own namespace too, as every object that leaves.
      if (cached && this.visible(ref, cached))
        return {
          object: this.policy.maskReferences(withTypeMeta(cached as T, ref)),
          freshness: this.freshness(plan.status),
        };
      reason = `not in the watch cache`;
    }
    const object = await this.kube.get<T>(ref, name, ref.namespaced ? namespace : undefined);
    return { object, freshness: { source: 'api', reason } };
  }

  /**
   * A person's cached list is allowed where the API server would allow theirs: in the namespace
   * asked for; across namespaces, in every allowed one (an allow-list) or cluster-wide.
   */
  private async assertPersonMayList(ref: ResourceRef, q: ListQuery): Promise<void> {
    if (!currentContext()?.kubeUser) return;
    if (!ref.namespaced) return this.assertPersonMay(ref, 'list', undefined);
    if (!q.allNamespaces) return this.assertPersonMay(ref, 'list', q.namespace);
    const explicit = this.policy.explicitNamespaces();
    if (!explicit) return this.assertPersonMay(ref, 'list', undefined);
    await mapLimit(explicit, FAN_OUT, (ns) => this.assertPersonMay(ref, 'list', ns));
  }

  private async assertPersonMay(
    ref: ResourceRef,
    verb: 'get' | 'list',
    namespace: string | undefined,
    name?: string,
  ): Promise<void> {
    const user = currentContext()?.kubeUser;
    if (!user) return;
    // Named as KubeApi names the operation, so the cached and the fresh 403 read alike.
    const opResource = verb === 'list' ? ref.plural : ref.kind.toLowerCase();
    await this.reviews.assertAllowed(
      user,
      { verb, group: ref.group, resource: ref.plural, namespace, ...(name ? { name } : {}) },
      opResource,
    );
  }

  /**
   * A hidden namespace is refused here, as a missing one; a namespace the watch has not seen is
   * confirmed by KubeApi only when the policy hides something (see KubeApi.assertNamespaceVisible).
   */
  private async assertNamespaceVisible(namespace: string): Promise<void> {
    this.policy.assertAllowed(namespace);
    if (!this.policy.unrestricted && this.policy.knownToExist(namespace) === false)
      await this.kube.assertNamespaceVisible(namespace);
  }

  /**
   * Whether the cache answers a read of this kind now, or why not. Selectors are parsed here: a bad
   * label selector is refused as INPUT.INVALID whichever source would have answered.
   */
  private plan(ref: ResourceRef, opts: ReadOptions, q?: ListQuery): Plan {
    const labels = q?.labelSelector !== undefined ? parseLabelSelector(q.labelSelector) : undefined;
    if (opts.fresh) return { reason: 'fresh: true' };
    if (q?.continue !== undefined && !isCacheToken(q.continue))
      return { reason: 'continuing a page the API server started' };
    const informer = this.registry.informer(ref.kind);
    const watched = informer?.kind.ref;
    if (!informer || watched!.group !== ref.group || watched!.version !== ref.version)
      return { reason: `${ref.plural} are not watched` };
    if (informer.kind.metadataOnly && !opts.metadataSuffices)
      return { reason: `the watch cache holds only the metadata of ${ref.plural}` };
    const status = informer.status();
    if (status.scopes.length === 0 || status.scopes.some((s) => !s.synced || s.state === 'forbidden'))
      return { reason: `the watch cache has not synced ${ref.plural}` };
    const max = informer.kind.maxObjects;
    if (max !== undefined && informer.store.size >= max)
      return { reason: `the watch cache keeps only the newest ${max} ${ref.plural}` };
    if (q && isNamespaceKind(ref) && this.policy.explicitNamespaces())
      return { reason: 'the watch cache holds only the allowed namespaces, so cannot count the others' };
    let fields: FieldSelector | undefined;
    if (q?.fieldSelector !== undefined) {
      fields = parseFieldSelector(ref, q.fieldSelector);
      if (!fields) return { reason: `the watch cache cannot evaluate fieldSelector '${q.fieldSelector}'` };
    }
    return { informer, status, labels, fields };
  }

  private listCached<T extends KubeObject>(
    ref: ResourceRef,
    q: ListQuery,
    plan: Extract<Plan, { informer: Informer }>,
  ): FreshListPage<T> {
    const namespace = ref.namespaced && !q.allNamespaces ? q.namespace : undefined;
    const after = q.continue !== undefined ? decodeCacheToken(q.continue).a : undefined;
    const { labels, fields } = plan;
    const matches: { key: string; obj: KubeObject }[] = [];
    for (const obj of this.candidates(plan, namespace)) {
      if (namespace !== undefined && obj.metadata.namespace !== namespace) continue;
      if (!this.visible(ref, obj)) continue;
      if (labels && !matchesSelector(labels, obj.metadata.labels)) continue;
      if (fields && !matchesFields(ref, fields, obj)) continue;
      const key = objectKey(obj);
      if (after !== undefined && key <= after) continue;
      matches.push({ key, obj });
    }
    // Key order is the API server's order too (etcd keys are namespace/name), and stays stable
    // across pages whatever changes in between: a page starts after the last key served.
    matches.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = matches.slice(0, q.limit);
    const more = matches.length > page.length;
    return {
      items: page.map((m) => this.policy.maskReferences(m.obj as T)),
      continue: more ? encodeCacheToken({ a: page[page.length - 1]!.key }) : undefined,
      remaining: more ? matches.length - page.length : undefined,
      omitted: this.omitted(ref, q),
      freshness: this.freshness(plan.status, namespace),
    };
  }

  /** The objects worth filtering: the narrowest index an equality pins, else every object. */
  private candidates(
    plan: Extract<Plan, { informer: Informer }>,
    namespace: string | undefined,
  ): readonly KubeObject[] {
    const store = plan.informer.store;
    const lookups: [IndexName, string][] = [];
    const ns = namespace ?? plan.fields?.equal('metadata.namespace');
    if (ns !== undefined) lookups.push(['namespace', ns]);
    for (const eq of plan.labels ? equalitiesOf(plan.labels) : []) lookups.push(['label', eq]);
    const node = plan.fields?.equal('spec.nodeName');
    if (node) lookups.push(['node', node]);
    const uid = plan.fields?.equal('involvedObject.uid');
    if (uid) lookups.push(['involved', uid]);
    if (lookups.length === 0) return store.list();
    let best = lookups[0]!;
    let bestCount = store.countByIndex(...best);
    for (const l of lookups.slice(1)) {
      const count = store.countByIndex(...l);
      if (count < bestCount) [best, bestCount] = [l, count];
    }
    return store.byIndex(...best);
  }

  /** The policy on the way out, as KubeApi applies it (the sync never watches denied namespaces anyway). */
  private visible(ref: ResourceRef, obj: KubeObject): boolean {
    if (ref.namespaced) return this.policy.isAllowed(obj.metadata.namespace ?? '');
    return !isNamespaceKind(ref) || this.policy.isAllowed(obj.metadata.name);
  }

  /**
   * What the policy left out. The API server's answers show which denied namespaces held objects;
   * the cache never held them, so every denied namespace counts (names are never shown, only the
   * count). With an allow-list KubeApi lists only the allowed namespaces and counts nothing: same here.
   */
  private omitted(ref: ResourceRef, q: ListQuery): ListPage['omitted'] {
    const spansNamespaces = (ref.namespaced && q.allNamespaces) || isNamespaceKind(ref);
    if (!spansNamespaces || this.policy.explicitNamespaces()) return { items: 0, namespaces: [] };
    const denied = this.policy.deniedNamespaces();
    return { items: 0, namespaces: denied };
  }

  private freshness(status: KindStatus, namespace?: string): Freshness {
    const scope =
      status.scopes.length === 1
        ? status.scopes[0]
        : status.scopes.find((s) => namespace !== undefined && s.namespace === namespace);
    const last = [status.lastEventAt, status.lastListAt].filter(Boolean).sort().pop();
    return {
      source: 'cache',
      ...(scope?.resourceVersion ? { resourceVersion: scope.resourceVersion } : {}),
      ...(last
        ? {
            lastEventAt: last,
            lastEventAgeSeconds: Math.max(0, Math.round((Date.now() - Date.parse(last)) / 100) / 10),
          }
        : {}),
      watchState: scope?.state ?? status.state,
    };
  }
}

/** Objects listed by the API server carry no kind/apiVersion; an answer about one object should. */
function withTypeMeta<T extends KubeObject>(obj: T, ref: ResourceRef): T {
  return obj.kind && obj.apiVersion ? obj : { ...obj, apiVersion: apiVersionOf(ref), kind: ref.kind };
}

/** One line for the model: where the answer came from and how fresh it is. */
export function describeFreshness(f: Freshness): string {
  if (f.source === 'api') return `(read from the API server: ${f.reason ?? 'asked for'})`;
  const age = f.lastEventAgeSeconds !== undefined ? `, last watch event ${f.lastEventAgeSeconds}s ago` : '';
  const rv = f.resourceVersion ? `, resourceVersion ${f.resourceVersion}` : '';
  const degraded =
    f.watchState === 'degraded' ? '; the watch is failing and retrying, so this may be stale' : '';
  return `(from the watch cache${age}${rv}${degraded}; fresh: true reads from the API server)`;
}
