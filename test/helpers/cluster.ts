// Helpers for e2e suites that talk to the local control plane started by test/cluster/up.sh
// (see test/cluster/global-setup.ts and docs/control-plane.md).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  loadAllYaml,
  type KubernetesObject,
} from '@kubernetes/client-node';

import { expectEventually } from './expect-eventually.js';

export const TEST_NAMESPACE_LABEL = 'k8s-mcp-test';

/** Path of the admin kubeconfig of the test cluster (set by the e2e globalSetup). */
export function testKubeconfigPath(): string {
  const path = process.env.K8S_MCP_TEST_KUBECONFIG;
  if (!path) {
    throw new Error(
      'K8S_MCP_TEST_KUBECONFIG is not set: run e2e tests with `npm run test:e2e` (its globalSetup ' +
        'starts or reuses a cluster), or set it to a kubeconfig path (e.g. `npm run cluster:up` prints one).',
    );
  }
  if (!existsSync(path)) {
    throw new Error(`K8S_MCP_TEST_KUBECONFIG points to a missing file: ${path}`);
  }
  return path;
}

export interface AdminClients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  objects: KubernetesObjectApi;
}

let cached: { path: string; clients: AdminClients } | undefined;

/** Clients authenticated as the cluster admin (group system:masters). */
export function adminClients(): AdminClients {
  const path = testKubeconfigPath();
  if (cached?.path === path) return cached.clients;
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const clients: AdminClients = {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
  cached = { path, clients };
  return clients;
}

/** HTTP status of a client-node error (undefined when it is not an API error). */
export function apiStatus(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Creates a namespace `<prefix>-<random>` labelled `k8s-mcp-test=true` and waits until its
 * `default` ServiceAccount exists (pods are rejected before that). Returns the name.
 */
export async function createTestNamespace(prefix: string): Promise<string> {
  const { core } = adminClients();
  const base =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'test';
  const name = `${base}-${randomBytes(4).toString('hex')}`;
  await core.createNamespace({
    body: { metadata: { name, labels: { [TEST_NAMESPACE_LABEL]: 'true' } } },
  });
  await expectEventually(() => core.readNamespacedServiceAccount({ name: 'default', namespace: name }), {
    timeoutMs: 30_000,
    description: `default ServiceAccount in namespace ${name}`,
  });
  return name;
}

/** Deletes a namespace (a missing one is fine). Does not wait for it to be gone. */
export async function deleteNamespace(name: string): Promise<void> {
  const { core } = adminClients();
  try {
    await core.deleteNamespace({ name });
  } catch (err) {
    if (apiStatus(err) !== 404) throw err;
  }
}

/**
 * Applies a (multi-document) YAML manifest: each object is created, or replaced when it already
 * exists. `namespace` is used for namespaced objects that do not name one. Returns the objects
 * as stored by the API server, in document order.
 */
export async function applyManifest(yamlText: string, namespace?: string): Promise<KubernetesObject[]> {
  const { objects } = adminClients();
  const docs = (loadAllYaml(yamlText) as unknown[]).filter(
    (d): d is KubernetesObject => typeof d === 'object' && d !== null,
  );
  const applied: KubernetesObject[] = [];
  for (const doc of docs) {
    const spec: KubernetesObject = { ...doc, metadata: { ...(doc.metadata ?? {}) } };
    if (!spec.kind) throw new Error(`manifest document without kind: ${JSON.stringify(doc)}`);
    spec.apiVersion ??= 'v1';
    // Harmless for cluster-scoped kinds: client-node leaves it out of their URL and the API server
    // drops it from their metadata.
    if (namespace && !spec.metadata!.namespace) spec.metadata!.namespace = namespace;
    try {
      applied.push(await objects.create(spec));
    } catch (err) {
      if (apiStatus(err) !== 409) throw err;
      const existing = await objects.read({
        apiVersion: spec.apiVersion,
        kind: spec.kind,
        metadata: { name: spec.metadata!.name!, namespace: spec.metadata!.namespace },
      });
      spec.metadata!.resourceVersion = existing.metadata?.resourceVersion;
      applied.push(await objects.replace(spec));
    }
  }
  return applied;
}
