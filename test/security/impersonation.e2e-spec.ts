// Each person's own Kubernetes RBAC through the server (issue 15 items 2 and 3), on the real
// control plane (RBAC authorizer): alice may read namespace A only (a RoleBinding to her user),
// bob namespace B only (to his second group, so both Impersonate-Group lines must arrive), a
// named static token "nobody" has no RBAC at all. OAuth tokens come from a real oidc-provider.
// Fresh reads are impersonated (the API server decides); cached reads, the relation query and
// the summary are checked with SubjectAccessReviews (the server decides the same way).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { freePort, impersonationSettings, startIssuer, type TestIssuer } from '../helpers/oidc-provider.js';
import { AccessReview } from '../../src/sync/access-review.service.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import { WebhookSource } from '../../src/summary/webhook-source.js';
import { readerRole } from '../helpers/rbac.js';

const SCOPE = 'k8s-mcp:tools';
/** An allowed namespace that does not exist. */
const GHOST = `imp-ghost-${Math.random().toString(36).slice(2, 8)}`;
const NOBODY = `nobody-${Math.random().toString(36).slice(2)}`;
const PEOPLE = {
  'alice-cli': { preferred_username: 'alice', groups: ['team-a'] },
  'bob-cli': { preferred_username: 'bob', groups: ['team-b', 'readers-b'] },
};

const reader = readerRole;

/** A webhook that intercepts nothing (no such group) and whose Service is missing. */
const WEBHOOK = `imp-hook-${Math.random().toString(36).slice(2)}`;
const webhook = (ns: string) => `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: ${WEBHOOK} }
webhooks:
  - name: check.k8s-mcp-test.invalid
    clientConfig: { service: { namespace: ${ns}, name: no-such-service } }
    rules: [{ apiGroups: [k8s-mcp-test.invalid], apiVersions: [v1], resources: [nothing], operations: [CREATE] }]
    failurePolicy: Ignore
    sideEffects: None
    admissionReviewVersions: [v1]
`;

const service = (name: string) => ({
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }] },
});

const pod = (name: string) => ({
  metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: 'c', image: 'registry.invalid/none:1' }] },
});

describe('per-person RBAC through impersonation and access reviews', () => {
  let nsA: string;
  let nsB: string;
  /** Readable by every authenticated user (a RoleBinding to system:authenticated). */
  let nsC: string;
  let issuer: TestIssuer;
  let sut: RunningApp;
  const clients: Record<string, Client> = {};

  const text = (r: CallToolResult) => textOf(r);
  const podsOf = (r: CallToolResult) =>
    ((r.structuredContent?.items ?? []) as { name: string }[]).map((p) => p.name);

  beforeAll(async () => {
    [nsA, nsB, nsC] = await Promise.all([
      createTestNamespace('imp-a'),
      createTestNamespace('imp-b'),
      createTestNamespace('imp-c'),
    ]);
    await applyManifest(
      reader(nsC, '{ kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io }'),
    );
    await applyManifest(
      reader(nsA, '{ kind: User, name: "oidc:alice", apiGroup: rbac.authorization.k8s.io }'),
    );
    await applyManifest(
      reader(nsB, '{ kind: Group, name: "oidc:readers-b", apiGroup: rbac.authorization.k8s.io }'),
    );
    await applyManifest(webhook(nsA));
    const { core } = adminClients();
    await core.createNamespacedPod({ namespace: nsA, body: pod('pod-a') });
    await core.createNamespacedPod({ namespace: nsB, body: pod('pod-b') });
    await core.createNamespacedPod({ namespace: nsC, body: pod('pod-c') });
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    issuer = await startIssuer(resource, SCOPE, PEOPLE);
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_MCP_PORT: String(port),
      K8S_ALLOWED_NAMESPACES: `${nsA},${nsB},${nsC},${GHOST}`,
      K8S_MCP_AUTH_TOKENS: `nobody:${NOBODY}`,
      ...impersonationSettings(issuer, resource, SCOPE),
      K8S_MCP_IMPERSONATION_STATIC_TOKENS: 'true',
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    clients.alice = await connectClient(sut.url, {
      authorization: `Bearer ${await issuer.token('alice-cli')}`,
    });
    clients.bob = await connectClient(sut.url, { authorization: `Bearer ${await issuer.token('bob-cli')}` });
    clients.nobody = await connectClient(sut.url, { authorization: `Bearer ${NOBODY}` });
    // The watch cache has both pods (read as the server), so cached reads can be told apart.
    await expectEventually(
      async () => {
        const r = await call(clients.alice!, 'k8s-get-pods', { namespace: nsA });
        if (r.structuredContent?.source !== 'cache' || !podsOf(r).includes('pod-a'))
          throw new Error(`not from the cache yet: ${text(r)}`);
      },
      { timeoutMs: 60_000, description: 'pod-a in the watch cache' },
    );
  }, 120_000);

  afterAll(async () => {
    for (const c of Object.values(clients)) await c.close().catch(() => undefined);
    await sut?.close();
    await issuer?.stop();
    await Promise.all([nsA, nsB, nsC].filter(Boolean).map((ns) => deleteNamespace(ns)));
    await adminClients()
      .objects.delete({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: WEBHOOK },
      })
      .catch(() => undefined);
  });

  /** [who, own namespace, own pod, other namespace]. */
  const cases = () =>
    [
      ['alice', nsA, 'pod-a', nsB],
      ['bob', nsB, 'pod-b', nsA],
    ] as const;

  it.each([false, true])('lists and gets only their own namespace (fresh: %s)', async (fresh) => {
    for (const [who, own, ownPod, other] of cases()) {
      const c = clients[who]!;
      const list = await call(c, 'k8s-get-pods', { namespace: own, fresh });
      expect([who, list.isError ? text(list) : false, podsOf(list)]).toEqual([who, false, [ownPod]]);
      expect(list.structuredContent?.source).toBe(fresh ? 'api' : 'cache');
      const get = await call(c, 'k8s-get-resource', { kind: 'pod', name: ownPod, namespace: own, fresh });
      expect(get.isError ?? false).toBe(false);
      expect(get.structuredContent?.source).toBe(fresh ? 'api' : 'cache');
      // The other namespace: the API server's 403, naming the person, cached or fresh alike.
      const denied = await call(c, 'k8s-get-pods', { namespace: other, fresh });
      expect(denied.isError).toBe(true);
      expect(text(denied)).toContain(
        `pods is forbidden: User "oidc:${who}" cannot list resource "pods" in API group "" in the namespace "${other}"`,
      );
      const otherPod = ownPod === 'pod-a' ? 'pod-b' : 'pod-a';
      const deniedGet = await call(c, 'k8s-get-resource', {
        kind: 'pod',
        name: otherPod,
        namespace: other,
        fresh,
      });
      expect(deniedGet.isError).toBe(true);
      expect(text(deniedGet)).toContain(`User "oidc:${who}" cannot get resource "pods"`);
      expect(text(deniedGet)).not.toContain(otherPod === 'pod-a' ? 'team-a' : 'readers-b');
    }
  });

  it('answers the relation query and the summary from the cache with their own view only', async () => {
    for (const [who, own, ownPod, other] of cases()) {
      const c = clients[who]!;
      const rel = await call(c, 'k8s-relation-query', {
        query_type: 'neighbors',
        resource_type: 'pod',
        resource_name: ownPod,
        namespace: own,
      });
      expect([who, rel.isError ?? false]).toEqual([who, false]);
      const otherPod = ownPod === 'pod-a' ? 'pod-b' : 'pod-a';
      const relDenied = await call(c, 'k8s-relation-query', {
        query_type: 'neighbors',
        resource_type: 'pod',
        resource_name: otherPod,
        namespace: other,
      });
      expect(relDenied.isError).toBe(true);
      expect(text(relDenied)).toMatch(/forbidden: User "oidc:(alice|bob)"/);

      const overview = await call(c, 'k8s-cluster-summary', { summary_type: 'workloads' });
      expect(overview.isError ?? false).toBe(false);
      expect(JSON.stringify(overview)).not.toContain(other);
      expect(JSON.stringify(overview)).not.toContain(otherPod);
      const mine = await call(c, 'k8s-cluster-summary', { namespace: own });
      expect(mine.isError ?? false).toBe(false);
      const theirs = await call(c, 'k8s-cluster-summary', { namespace: other });
      expect(theirs.isError).toBe(true);
      expect(text(theirs)).toContain(`User "oidc:${who}" cannot list any resource`);
      const resource = await c
        .readResource({ uri: `k8s://namespaces/${other}/summary` })
        .then((r) => JSON.stringify(r))
        .catch((err: unknown) => String(err));
      expect(resource).toMatch(/forbidden/i);
      expect(resource).not.toContain(otherPod);
    }
  });

  it('reads webhook configurations as the server, and shows them to no one who may not list them', async () => {
    const anomalies = await call(clients.alice!, 'k8s-cluster-summary', { summary_type: 'anomalies' });
    expect(anomalies.isError ?? false).toBe(false);
    // The shared webhook cache is filled with the server's rights, never with a caller's.
    const webhooks = sut.app.get(WebhookSource);
    expect(webhooks.error()).toBeUndefined();
    expect(webhooks.current()?.map((w) => w.metadata.name)).toContain(WEBHOOK);
    // alice sees namespace A, where the webhook's Service is missing, but may not list webhook configurations.
    const again = await call(clients.alice!, 'k8s-cluster-summary', { summary_type: 'anomalies' });
    expect(JSON.stringify(again)).not.toContain(WEBHOOK);
  });

  it('answers a namespace the person may not read alike whether it exists or not, and lets them follow neither', async () => {
    const c = clients.alice!;
    const outcome = (p: Promise<unknown>) =>
      p.then((r) => JSON.stringify(r)).catch((err: unknown) => String(err));
    for (const ns of [nsB, GHOST]) {
      const uri = `k8s://namespaces/${ns}/summary`;
      const refused = `User "oidc:alice" cannot list any resource this server watches in the namespace "${ns}"`;
      expect({
        ns,
        tool: textOf(await call(c, 'k8s-cluster-summary', { namespace: ns })),
        read: await outcome(c.readResource({ uri })),
        subscribe: await outcome(c.subscribeResource({ uri })),
        pods: textOf(await call(c, 'k8s-get-pods', { namespace: ns })),
        relations: textOf(
          await call(c, 'k8s-relation-query', {
            query_type: 'neighbors',
            resource_type: 'pod',
            resource_name: 'pod-b',
            namespace: ns,
          }),
        ),
        changes: textOf(await call(c, 'k8s-what-changed', { namespace: ns })),
      }).toEqual({
        ns,
        tool: expect.stringContaining(refused),
        read: expect.stringContaining(refused),
        subscribe: expect.stringContaining(refused),
        pods: expect.stringContaining('forbidden: User "oidc:alice"'),
        relations: expect.stringContaining('forbidden: User "oidc:alice"'),
        changes: expect.stringContaining(refused),
      });
    }
  });

  it('lets each person follow the summary of their own namespace', async () => {
    const updated: Record<string, string[]> = { alice: [], bob: [] };
    for (const [who, own] of [
      ['alice', nsA],
      ['bob', nsB],
    ] as const) {
      const c = clients[who]!;
      c.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
        updated[who]!.push(n.params.uri);
      });
      await c.subscribeResource({ uri: `k8s://namespaces/${own}/summary` });
    }
    const { core } = adminClients();
    await core.createNamespacedService({ namespace: nsA, body: service('new-in-a') });
    await core.createNamespacedService({ namespace: nsB, body: service('new-in-b') });
    await expectEventually(
      async () =>
        expect(updated).toEqual({
          alice: [`k8s://namespaces/${nsA}/summary`],
          bob: [`k8s://namespaces/${nsB}/summary`],
        }),
      { timeoutMs: 10_000, description: 'one notification each, for their own namespace' },
    );
  });

  it('lets every person read what all authenticated users may, cached and fresh alike', async () => {
    // The API server adds system:authenticated to an impersonated person's groups: a review asks the same.
    for (const fresh of [false, true]) {
      const r = await call(clients.alice!, 'k8s-get-pods', { namespace: nsC, fresh });
      expect([fresh, r.isError ? text(r) : podsOf(r)]).toEqual([fresh, ['pod-c']]);
    }
  });

  it('a person with no RBAC at all is told clearly, cached and fresh', async () => {
    for (const fresh of [false, true]) {
      const r = await call(clients.nobody!, 'k8s-get-pods', { namespace: nsA, fresh });
      expect(r.isError).toBe(true);
      expect(text(r)).toContain(`User "nobody" cannot list resource "pods"`);
      expect(text(r)).toContain('nobody has no RBAC permission to list pods');
    }
    const summary = await call(clients.nobody!, 'k8s-cluster-summary', { summary_type: 'workloads' });
    expect(JSON.stringify(summary)).not.toMatch(/pod-a|pod-b/);
  });

  it('names the person and the Kubernetes user in the audit line', async () => {
    const lines = await sut.audit();
    const alice = lines.filter((l) => l.person?.username === 'alice');
    expect(alice.length).toBeGreaterThan(0);
    expect(alice.at(-1)?.actedAs).toEqual({ username: 'oidc:alice', groups: ['oidc:team-a'] });
    const denied = lines.find((l) => l.person?.username === 'bob' && l.outcome !== 'ok');
    expect(denied).toMatchObject({ errorCode: 'K8S.FORBIDDEN', actedAs: { username: 'oidc:bob' } });
    expect(lines.some((l) => l.person?.username === 'nobody' && l.errorCode === 'K8S.FORBIDDEN')).toBe(true);
  });

  it('reuses access reviews within the TTL, per person', async () => {
    const reviews = sut.app.get(AccessReview);
    await call(clients.alice!, 'k8s-get-pods', { namespace: nsA });
    const before = reviews.sent;
    for (let i = 0; i < 5; i++) await call(clients.alice!, 'k8s-get-pods', { namespace: nsA });
    expect(reviews.sent).toBe(before);
    // Bob's first question about namespace A is his own, not alice's answer.
    const bob = await call(clients.bob!, 'k8s-get-pods', { namespace: nsA });
    expect(bob.isError).toBe(true);
  });
});
