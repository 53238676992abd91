// Impersonation with several kubeconfig contexts, on the real control plane (RBAC authorizer):
// a context's model started by a person's call (a resource read, a prompt) must sync as the
// server, not as that person. Both contexts reach the shared cluster; alice may read namespace A
// only, bob namespace B only (a RoleBinding to his group).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  applyManifest,
  adminClients,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { freePort, impersonationSettings, startIssuer, type TestIssuer } from '../helpers/oidc-provider.js';
import { contextUri } from '../../src/mcp/resources/context-uri.js';
import { AccessReview } from '../../src/sync/access-review.service.js';
import { readerRole } from '../helpers/rbac.js';

const SCOPE = 'k8s-mcp:tools';
const PEOPLE = {
  'alice-cli': { preferred_username: 'alice', groups: ['team-a'] },
  'bob-cli': { preferred_username: 'bob', groups: ['team-b'] },
};

const reader = (ns: string, subject: string) => readerRole(ns, subject, ['', 'apps']);

interface KubeconfigDoc {
  clusters: { cluster: Record<string, unknown> }[];
  users: { user: Record<string, unknown> }[];
}

/** Contexts "one" (the default), "two" and "three", all the shared cluster with its admin user. */
function twoContexts(first: string): string {
  const a = parseYaml(readFileSync(first, 'utf8')) as KubeconfigDoc;
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: a.clusters[0]!.cluster }],
    users: [{ name: 'u', user: a.users[0]!.user }],
    contexts: [
      { name: 'one', context: { cluster: 'c', user: 'u' } },
      { name: 'two', context: { cluster: 'c', user: 'u' } },
      { name: 'three', context: { cluster: 'c', user: 'u' } },
    ],
    'current-context': 'one',
  });
}

describe('impersonation with several contexts', () => {
  let nsA: string;
  let nsB: string;
  let dir: string;
  let issuer: TestIssuer;
  let sut: RunningApp;
  const clients: Record<string, Client> = {};

  beforeAll(async () => {
    [nsA, nsB] = await Promise.all([createTestNamespace('impc-a'), createTestNamespace('impc-b')]);
    await applyManifest(
      reader(nsA, '{ kind: User, name: "oidc:alice", apiGroup: rbac.authorization.k8s.io }'),
    );
    await applyManifest(
      reader(nsB, '{ kind: Group, name: "oidc:team-b", apiGroup: rbac.authorization.k8s.io }'),
    );
    await adminClients().core.createNamespacedPod({
      namespace: nsB,
      body: {
        metadata: { name: 'pod-b' },
        spec: { containers: [{ name: 'c', image: 'registry.invalid/none:1' }] },
      },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'k8s-mcp-impc-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, twoContexts(testKubeconfigPath()), { mode: 0o600 });
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    issuer = await startIssuer(resource, SCOPE, PEOPLE);
    sut = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_CONTEXTS: 'one,two,three',
      K8S_MCP_PORT: String(port),
      K8S_ALLOWED_NAMESPACES: `${nsA},${nsB}`,
      ...impersonationSettings(issuer, resource, SCOPE),
    });
    for (const who of ['alice', 'bob'] as const)
      clients[who] = await connectClient(sut.url, {
        authorization: `Bearer ${await issuer.token(`${who}-cli`)}`,
      });
  }, 120_000);

  afterAll(async () => {
    for (const c of Object.values(clients)) await c.close().catch(() => undefined);
    await sut?.close();
    await issuer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await Promise.all([nsA, nsB].filter(Boolean).map((ns) => deleteNamespace(ns)));
  });

  it("syncs a context's model as the server when a person's resource read starts it", async () => {
    // alice's read starts the model of "two" (she may read namespace A only).
    await clients
      .alice!.readResource({ uri: contextUri('two', `k8s://namespaces/${nsA}/summary`) })
      .catch(() => undefined);
    // Its watch cache holds namespace B too: bob's pods there come from it.
    await expectEventually(
      async () => {
        const r = await call(clients.bob!, 'k8s-get-pods', { namespace: nsB, context: 'two' });
        const items = (r.structuredContent?.items ?? []) as { name: string }[];
        if (r.structuredContent?.source !== 'cache' || !items.some((p) => p.name === 'pod-b'))
          throw new Error(`not from the cache of "two": ${textOf(r)}`);
      },
      { timeoutMs: 20_000, description: 'pod-b in the watch cache of context two' },
    );
  }, 60_000);

  it("checks a person's subscription against the cluster of the context it names", async () => {
    const home = sut.app.get(AccessReview);
    const before = home.sent;
    await clients.bob!.subscribeResource({ uri: contextUri('two', `k8s://namespaces/${nsB}/summary`) });
    // bob's view came from context "two" (its own AccessReview), not from the default cluster.
    expect(home.sent).toBe(before);
  });

  it("builds a person's view once the model they start has synced", async () => {
    // alice's call is the first of context "three": its model starts and syncs meanwhile.
    const r = await call(clients.alice!, 'k8s-cluster-summary', { namespace: nsA, context: 'three' });
    expect(r.isError ? textOf(r) : 'answered').toBe('answered');
  });
});
