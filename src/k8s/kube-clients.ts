import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../common/errors/app-error.js';
import { currentContext } from '../common/logging/request-context.js';
import { describeSource, type KubeconfigSource } from './kubeconfig-source.js';
import { kubeRequestInfo, type KubeRequestObserver } from './kube-request-info.js';
import { impersonate } from './impersonation.js';
import { isNearServer } from './near-server.js';

/** The client-node module, loaded lazily: importing it costs ~0.35 s, too much for stdio start-up. */
export type ClientNode = typeof k8s;

/** API clients built once from the resolved kubeconfig. */
export interface KubeClients {
  readonly lib: ClientNode;
  /** Every request made through it times out after K8S_REQUEST_TIMEOUT. */
  readonly kc: k8s.KubeConfig;
  /** Same credentials without the request timeout, for long-running watches and log streams. */
  readonly watchKc: k8s.KubeConfig;
  readonly server: string;
  /** Ask for uncompressed responses (see isNearServer). */
  readonly identityEncoding: boolean;
  readonly context: string;
  readonly user: string;
  /** Sends a request and reports its duration to the observer (raw requests use it too). */
  readonly http: k8s.HttpLibrary;
  /** Reports one request made outside `http` (watches: time to the response headers). */
  readonly observe: KubeRequestObserver;
}

let loading: Promise<ClientNode> | undefined;

/** Imports @kubernetes/client-node once. */
export function importClientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}

function configError(source: KubeconfigSource, message: string, hint: string, cause?: unknown): AppError {
  return new AppError('K8S.CONFIG', `cannot load kubeconfig (${describeSource(source)}): ${message}`, {
    hint,
    details: { kubeconfig: describeSource(source) },
    cause,
  });
}

function mergeByName<T extends { readonly name: string }>(into: T[], from: readonly T[] | undefined): void {
  for (const entry of from ?? []) if (!into.some((e) => e.name === entry.name)) into.push(entry);
}

/** Reads one kubeconfig file; any failure names the file and says whether the path or the content is wrong. */
function readKubeconfigFile(lib: ClientNode, source: KubeconfigSource, path: string): k8s.KubeConfig {
  const one = new lib.KubeConfig();
  try {
    const text = readFileSync(path, 'utf8');
    // client-node reads an empty or scalar document as "no kubeconfig" and then fails on `.clusters`.
    const doc: unknown = parseYaml(text);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new Error('not a kubeconfig (expected a YAML mapping with clusters, users and contexts)');
    }
    one.loadFromString(text);
    one.makePathsAbsolute(dirname(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      const why = { ENOENT: 'file not found', EACCES: 'permission denied', EISDIR: 'is a directory' }[code];
      throw configError(
        source,
        `${path}: ${why}`,
        'check the path given by --kubeconfig, KUBECONFIG_PATH or KUBECONFIG',
        err,
      );
    }
    throw configError(source, `${path}: ${(err as Error).message}`, 'fix the kubeconfig file', err);
  }
  return one;
}

/** Loads and merges the kubeconfig, selects the context, and checks it names a usable cluster. */
export function loadKubeConfig(lib: ClientNode, source: KubeconfigSource, context?: string): k8s.KubeConfig {
  const kc = new lib.KubeConfig();
  if (source.kind === 'none') {
    throw configError(
      source,
      `no kubeconfig found (tried ${source.tried.join(', ')})`,
      'pass --kubeconfig or set KUBECONFIG',
    );
  }
  if (source.kind === 'in-cluster') {
    kc.loadFromCluster();
  } else {
    const merged: Pick<k8s.KubeConfig, 'clusters' | 'users' | 'contexts'> & { currentContext?: string } = {
      clusters: [],
      users: [],
      contexts: [],
    };
    for (const path of source.paths) {
      const one = readKubeconfigFile(lib, source, path);
      // As kubectl merges a KUBECONFIG list: the first file that sets a value wins, for the current
      // context and for every cluster, user and context name (client-node's mergeConfig would throw
      // on a duplicate name instead).
      merged.currentContext ||= one.currentContext || undefined;
      mergeByName(merged.clusters, one.clusters);
      mergeByName(merged.users, one.users);
      mergeByName(merged.contexts, one.contexts);
    }
    kc.loadFromOptions({ ...merged, currentContext: merged.currentContext ?? '' });
  }
  const names = kc.getContexts().map((c) => c.name);
  if (context) {
    if (!names.includes(context)) {
      throw configError(
        source,
        `context '${context}' not found`,
        `known contexts: ${names.join(', ') || 'none'}`,
      );
    }
    kc.setCurrentContext(context);
  }
  const current = kc.getCurrentContext();
  if (!current || !kc.getContextObject(current)) {
    throw configError(
      source,
      'no current context',
      `pass --context (known contexts: ${names.join(', ') || 'none'})`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw configError(
      source,
      `context '${current}' names no cluster with a server URL`,
      'fix the kubeconfig',
    );
  }
  return kc;
}

/**
 * client-node's fetch library, timed: each request is reported once its body has been read (or it
 * failed), with the verb and resource its URL names.
 */
function timedHttpLibrary(lib: ClientNode, observe: KubeRequestObserver): k8s.HttpLibrary {
  const inner = new lib.IsomorphicFetchHttpLibrary();
  return {
    send(ctx: k8s.RequestContext) {
      const started = performance.now();
      // Names this server in the API server's audit log (client-node's own default is lost with
      // its middleware list, see makeApiClient below).
      if (!ctx.getHeaders()['User-Agent']) ctx.setHeaderParam('User-Agent', 'k8s-mcp');
      const { verb, resource } = kubeRequestInfo(String(ctx.getHttpMethod()), ctx.getUrl());
      const report = (code: number) =>
        observe({ verb, resource, code, seconds: (performance.now() - started) / 1000 });
      const response = inner
        .send(ctx)
        .toPromise()
        .then(
          (rsp) => {
            let reported = false;
            const once =
              <T>(read: () => Promise<T>) =>
              () =>
                read().finally(() => {
                  if (!reported) report(rsp.httpStatusCode);
                  reported = true;
                });
            rsp.body.text = once(rsp.body.text.bind(rsp.body));
            rsp.body.binary = once(rsp.body.binary.bind(rsp.body));
            return rsp;
          },
          (err: unknown) => {
            report(0);
            throw err;
          },
        );
      return new lib.Observable(response);
    },
  };
}

/**
 * Builds the API clients. The request KubeConfig attaches a signal to every request: inside a tool
 * call, the call's own (client cancel + one deadline for the whole call, see RequestContext);
 * elsewhere (the sync's LISTs, discovery) a timeout of its own.
 */
export function buildClients(
  lib: ClientNode,
  base: k8s.KubeConfig,
  timeoutMs: number,
  observe: KubeRequestObserver = () => undefined,
): KubeClients {
  const http = timedHttpLibrary(lib, observe);
  class TimeoutKubeConfig extends lib.KubeConfig {
    override async applySecurityAuthentication(ctx: k8s.RequestContext): Promise<void> {
      await super.applySecurityAuthentication(ctx);
      const call = currentContext();
      if (!ctx.getSignal()) ctx.setSignal(call?.signal ?? AbortSignal.timeout(timeoutMs));
      // Inside a person's call, the API server decides as that person (the sync's watches use
      // watchKc and always see as the server).
      if (call?.kubeUser) impersonate(ctx, call.kubeUser);
    }

    // As KubeConfig.makeApiClient, with the timed HTTP library (every generated client's requests
    // are counted in k8s_mcp_kube_api_request_duration_seconds).
    override makeApiClient<T extends k8s.ApiType>(apiClientType: k8s.ApiConstructor<T>): T {
      const cluster = this.getCurrentCluster();
      if (!cluster) throw new Error('No active cluster!');
      const configuration = lib.createConfiguration({
        baseServer: new lib.ServerConfiguration(cluster.server, {}),
        authMethods: { default: this },
        httpApi: http,
      });
      return new apiClientType(configuration);
    }
  }
  const kc = new TimeoutKubeConfig();
  kc.loadFromOptions({
    clusters: base.clusters,
    users: base.users,
    contexts: base.contexts,
    currentContext: base.getCurrentContext(),
  });
  return {
    lib,
    kc,
    watchKc: base,
    server: base.getCurrentCluster()!.server,
    identityEncoding: isNearServer(base.getCurrentCluster()!.server),
    context: base.getCurrentContext(),
    user: base.getCurrentUser()?.name ?? 'unknown',
    http,
    observe,
  };
}
