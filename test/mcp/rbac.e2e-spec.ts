// The server's own credentials are limited by RBAC: a refusal names the verb and the resource.
// The credentials are a ServiceAccount token made at test time (TokenRequest), never committed.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { applyManifest, createTestNamespace, deleteNamespace } from '../helpers/cluster.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { serviceAccountKubeconfig } from '../helpers/service-account.js';
import { serviceAccountWithRole } from '../factories/manifests.js';

describe('RBAC refusals', () => {
  let ns: string;
  let sut: RunningApp;
  let client: Client;

  beforeAll(async () => {
    ns = await createTestNamespace('mcp-rbac');
    await applyManifest(
      serviceAccountWithRole('limited', 'pod-reader', [{ resources: ['pods'], verbs: ['get', 'list'] }]),
      ns,
    );
    sut = await startApp({
      KUBECONFIG_PATH: await serviceAccountKubeconfig(ns, 'limited'),
      K8S_NAMESPACE: ns,
    });
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    if (ns) await deleteNamespace(ns);
  });

  it('allows what the Role grants', async () => {
    const result = await call(client, 'k8s-get-pods');
    expect(result.isError).toBeFalsy();
    // The app's sync is not started here, so the API server answers, and the note says why.
    expect(textOf(result)).toBe(
      `No pods found in namespace '${ns}'.\n(read from the API server: the watch cache has not synced pods)`,
    );
  });

  it('names the verb and the resource the credentials may not use', async () => {
    const result = await call(client, 'k8s-get-deployments');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      new RegExp(
        `^failed to list deployments in namespace '${ns}': deployments\\.apps is forbidden: User "system:serviceaccount:${ns}:limited" cannot list resource "deployments" in API group "apps" in the namespace "${ns}" — the server's credentials lack RBAC permission to list deployments$`,
      ),
    );
    const scale = await call(client, 'k8s-scale-deployment', { name: 'web', replicas: 1 });
    expect(textOf(scale)).toMatch(
      /^failed to scale deployment 'web' in namespace '.*': .*cannot get resource "deployments\/scale"/,
    );
    const audit = (await sut.audit()).at(-1)!;
    expect(audit).toMatchObject({
      tool: 'k8s-scale-deployment',
      outcome: 'error',
      errorCode: 'K8S.FORBIDDEN',
    });
  });

  it('keeps every audit line whole when calls run concurrently', async () => {
    const before = (await sut.audit()).length;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => call(client, i % 2 ? 'k8s-get-pods' : 'k8s-get-events')),
    );
    const records = (await sut.audit()).slice(before);
    expect(records).toHaveLength(24);
    expect(records.filter((r) => r.tool === 'k8s-get-pods')).toHaveLength(12);
  });
});
