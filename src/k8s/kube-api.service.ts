import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { mapLimit } from '../common/map-limit.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { openPageToken, sealPageToken } from '../security/page-token.js';
import { apiRequest, apiRequestText } from './api-request.js';
import { K8sService } from './k8s.service.js';
import type { KubeList, KubeObject } from './kube-object.js';
import { KINDS, resourcePath, type ResourceRef } from './resource-ref.js';

/** One page of a list, after the namespace policy. */
export interface ListPage<T extends KubeObject = KubeObject> {
  readonly items: T[];
  /** Opaque token for the next page, when there is one. */
  readonly continue?: string;
  /** Items beyond this page, when the API server could tell. */
  readonly remaining?: number;
  /** Items and namespaces the policy left out of this page. */
  readonly omitted: { readonly items: number; readonly namespaces: readonly string[] };
}

export interface ListQuery {
  /** A namespace, or undefined with allNamespaces for every visible namespace. */
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit: number;
  readonly continue?: string;
}

export interface LogQuery {
  readonly container?: string;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  readonly previous?: boolean;
  readonly limitBytes?: number;
}

/** Continue token across the allow-listed namespaces: which namespace, and the API's own token there. */
interface MultiNamespaceToken {
  readonly i: number;
  readonly c?: string;
}

const encodeToken = (t: MultiNamespaceToken): string => Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeToken(token: string): MultiNamespaceToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as MultiNamespaceToken;
    if (Number.isInteger(t.i) && t.i >= 0) return t;
  } catch {
    // fall through to the error below
  }
  throw new AppError('INPUT.INVALID', 'continue: not a token this server issued', {
    hint: 'pass the continue value from the previous page unchanged',
  });
}

/**
 * How many namespaces one call lists at once under an allow-list: enough that a long allow-list is
 * not read one round trip after another, few enough not to flood the API server from one call.
 */
export const FAN_OUT = 4;

const describeKind = (ref: ResourceRef): string => ref.plural;

const isNamespaceKind = (ref: ResourceRef): boolean => ref.group === '' && ref.plural === 'namespaces';

/**
 * The only way tools reach the API server. The namespace policy is applied here, on the way out
 * (a denied namespace is never requested) and on the way back (denied objects are dropped).
 */
@Injectable()
export class KubeApi {
  constructor(
    private readonly k8s: K8sService,
    private readonly policy: NamespacePolicy,
  ) {}

  /** The API server's URL as last seen, for messages that name it; undefined before the kubeconfig loads. */
  server(): string | undefined {
    return this.k8s.status().server ?? this.k8s.loadedServer();
  }

  /** Reads one object. */
  async get<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    name: string,
    namespace?: string,
  ): Promise<T> {
    await this.assertTargetVisible(ref, namespace, name);
    const clients = await this.k8s.clients();
    const obj = await apiRequest<T>(
      clients,
      { path: resourcePath(ref, namespace, name) },
      { verb: 'get', resource: ref.kind.toLowerCase(), name, namespace },
      this.policy,
    ).catch((err: unknown) => {
      // A missing Namespace answers as a hidden one does.
      if (isNamespaceKind(ref) && AppError.is(err, 'K8S.NOT_FOUND'))
        throw this.policy.namespaceNotFound(name);
      throw err;
    });
    // The object's own namespace decides, whatever path was asked for.
    if (ref.namespaced && !this.policy.isAllowed(obj.metadata?.namespace ?? ''))
      throw this.policy.namespaceNotFound(namespace ?? '', true);
    return this.policy.maskReferences(obj);
  }

  /**
   * Refuses a namespace that is hidden, and — when the policy hides some namespaces — one that does
   * not exist, with the same answer (NamespacePolicy.namespaceNotFound), so that nobody can tell a
   * hidden namespace from a missing one. Existence comes from the namespace names the sync reports;
   * a name it has not seen is confirmed with the API server before it is called missing.
   */
  async assertNamespaceVisible(namespace: string): Promise<void> {
    this.policy.assertAllowed(namespace);
    if (this.policy.unrestricted || this.policy.knownToExist(namespace) !== false) return;
    const clients = await this.k8s.clients();
    try {
      await apiRequest<KubeObject>(
        clients,
        { path: resourcePath(KINDS.namespace, undefined, namespace) },
        { verb: 'get', resource: 'namespace', name: namespace },
        this.policy,
      );
    } catch (err) {
      if (AppError.is(err, 'K8S.NOT_FOUND')) throw this.policy.namespaceNotFound(namespace);
      // Anything else (no permission to read Namespaces, a timeout) is not proof of absence.
    }
  }

  /**
   * Lists one page, across namespaces when asked, with the policy applied. The continue token goes
   * out sealed (security/page-token.ts): the API server's own names the last object it read, which
   * the policy may just have dropped.
   */
  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, q: ListQuery): Promise<ListPage<T>> {
    const page = await this.listPage<T>(
      ref,
      q.continue === undefined ? q : { ...q, continue: openPageToken(q.continue) },
    );
    return page.continue ? { ...page, continue: sealPageToken(page.continue) } : page;
  }

  private async listPage<T extends KubeObject>(ref: ResourceRef, q: ListQuery): Promise<ListPage<T>> {
    if (!ref.namespaced) return this.listClusterScoped<T>(ref, q);
    if (!q.allNamespaces) {
      if (!q.namespace) throw new AppError('INPUT.INVALID', 'namespace: required for a namespaced kind');
      await this.assertNamespaceVisible(q.namespace);
      const page = await this.listOnce<T>(ref, q.namespace, q, q.continue);
      // Every object is checked by its own namespace, also on a one-namespace page.
      const items = page.items.filter((o) => this.policy.isAllowed(o.metadata.namespace ?? ''));
      return {
        items: items.map((o) => this.policy.maskReferences(o)),
        continue: page.metadata.continue || undefined,
        remaining: page.metadata.remainingItemCount,
        omitted: { items: 0, namespaces: [] },
      };
    }
    const explicit = this.policy.explicitNamespaces();
    return explicit ? this.listAcross<T>(ref, explicit, q) : this.listClusterWide<T>(ref, q);
  }

  /** Reads the scale subresource, sets spec.replicas, and returns both counts. */
  async scaleDeployment(
    namespace: string,
    name: string,
    replicas: number,
  ): Promise<{ previous: number; current: number }> {
    await this.assertNamespaceVisible(namespace);
    const clients = await this.k8s.clients();
    const path = resourcePath(KINDS.deployment, namespace, name, 'scale');
    const op = { verb: 'scale', resource: 'deployment', name, namespace };
    const before = await apiRequest<{ spec?: { replicas?: number } }>(clients, { path }, op, this.policy);
    const after = await apiRequest<{ spec?: { replicas?: number } }>(
      clients,
      { method: 'PATCH', path, body: { spec: { replicas } }, contentType: 'application/merge-patch+json' },
      op,
      this.policy,
    );
    return { previous: before.spec?.replicas ?? 0, current: after.spec?.replicas ?? replicas };
  }

  /** A container's log as text (bounded by limitBytes on the server side). */
  async podLogs(namespace: string, pod: string, q: LogQuery): Promise<string> {
    await this.assertNamespaceVisible(namespace);
    const clients = await this.k8s.clients();
    return apiRequestText(
      clients,
      {
        path: resourcePath(KINDS.pod, namespace, pod, 'log'),
        accept: 'text/plain, */*',
        query: {
          container: q.container,
          tailLines: q.tailLines,
          sinceSeconds: q.sinceSeconds,
          previous: q.previous || undefined,
          limitBytes: q.limitBytes,
        },
      },
      { verb: 'get logs of', resource: 'pod', name: pod, namespace },
      this.policy,
    );
  }

  private async assertTargetVisible(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): Promise<void> {
    if (ref.namespaced) {
      if (!namespace) throw new AppError('INPUT.INVALID', `namespace: required for ${ref.kind}`);
      await this.assertNamespaceVisible(namespace);
    } else if (isNamespaceKind(ref)) {
      this.policy.assertAllowed(name);
    }
  }

  private async listOnce<T extends KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    q: ListQuery,
    token: string | undefined,
    limit = q.limit,
  ): Promise<KubeList<T>> {
    const clients = await this.k8s.clients();
    return apiRequest<KubeList<T>>(
      clients,
      {
        path: resourcePath(ref, namespace),
        query: { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector, limit, continue: token },
      },
      { verb: 'list', resource: describeKind(ref), namespace },
      this.policy,
    );
  }

  private async listClusterScoped<T extends KubeObject>(
    ref: ResourceRef,
    q: ListQuery,
  ): Promise<ListPage<T>> {
    const page = await this.listOnce<T>(ref, undefined, q, q.continue);
    const namespaces = isNamespaceKind(ref);
    const items = (
      namespaces ? page.items.filter((o) => this.policy.isAllowed(o.metadata.name)) : page.items
    ).map((o) => this.policy.maskReferences(o));
    const hidden = namespaces
      ? page.items.filter((o) => !this.policy.isAllowed(o.metadata.name)).map((o) => o.metadata.name)
      : [];
    return {
      items,
      continue: page.metadata.continue || undefined,
      remaining: page.metadata.remainingItemCount,
      omitted: { items: hidden.length, namespaces: hidden },
    };
  }

  private async listClusterWide<T extends KubeObject>(ref: ResourceRef, q: ListQuery): Promise<ListPage<T>> {
    const page = await this.listOnce<T>(ref, undefined, q, q.continue);
    const items: T[] = [];
    const hidden = new Set<string>();
    let omitted = 0;
    for (const item of page.items) {
      const ns = item.metadata.namespace ?? '';
      if (this.policy.isAllowed(ns)) items.push(this.policy.maskReferences(item));
      else {
        omitted++;
        hidden.add(ns);
      }
    }
    return {
      items,
      continue: page.metadata.continue || undefined,
      remaining: page.metadata.remainingItemCount,
      omitted: { items: omitted, namespaces: [...hidden].sort() },
    };
  }

  /** Fills one page from the allow-listed namespaces in order, then counts what lies beyond. */
  private async listAcross<T extends KubeObject>(
    ref: ResourceRef,
    namespaces: string[],
    q: ListQuery,
  ): Promise<ListPage<T>> {
    let { i, c } = q.continue ? decodeToken(q.continue) : { i: 0, c: undefined as string | undefined };
    const items: T[] = [];
    let next: MultiNamespaceToken | undefined;
    let remaining = 0;
    let remainingKnown = true;
    // Namespaces are read FAN_OUT at a time, each asked for the whole rest of the page; then taken
    // in order. The namespace where the page fills up is asked again for exactly what fits when it
    // returned more, so its continue token starts right after the last item served.
    while (i < namespaces.length && !next) {
      const want = q.limit - items.length;
      if (want <= 0) {
        next = { i, c };
        break;
      }
      const batch = namespaces.slice(i, i + FAN_OUT);
      const pages = await mapLimit(batch, FAN_OUT, (ns, k) =>
        this.listOnce<T>(ref, ns, q, k === 0 ? c : undefined, want),
      );
      for (const [k, fetched] of pages.entries()) {
        const fits = q.limit - items.length;
        const from = k === 0 ? c : undefined;
        if (fits <= 0) {
          next = { i: i + k, c: from };
          break;
        }
        const page =
          fetched.items.length > fits ? await this.listOnce<T>(ref, batch[k]!, q, from, fits) : fetched;
        for (const item of page.items)
          if (this.policy.isAllowed(item.metadata.namespace ?? ''))
            items.push(this.policy.maskReferences(item));
        if (page.metadata.continue) {
          next = { i: i + k, c: page.metadata.continue };
          if (page.metadata.remainingItemCount === undefined) remainingKnown = false;
          else remaining += page.metadata.remainingItemCount;
          break;
        }
      }
      if (!next) {
        i += batch.length;
        c = undefined;
      }
    }
    if (next) {
      // Count the namespaces not yet visited with a one-item list each, FAN_OUT at a time.
      const rest = namespaces.slice(next.c ? next.i + 1 : next.i);
      const probes = await mapLimit(rest, FAN_OUT, (ns) => this.listOnce<T>(ref, ns, q, undefined, 1));
      for (const probe of probes) {
        if (probe.metadata.continue && probe.metadata.remainingItemCount === undefined)
          remainingKnown = false;
        remaining += probe.items.length + (probe.metadata.remainingItemCount ?? 0);
      }
    }
    return {
      items,
      continue: next ? encodeToken(next) : undefined,
      remaining: next ? (remainingKnown ? remaining : undefined) : undefined,
      omitted: { items: 0, namespaces: [] },
    };
  }
}
