// Credentials limited by RBAC for e2e suites: a ServiceAccount token made at test time
// (TokenRequest, one hour), never committed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { adminClients } from './cluster.js';

/** A kubeconfig for the same cluster, authenticated as the ServiceAccount. */
export async function serviceAccountKubeconfig(namespace: string, sa: string): Promise<string> {
  const { kc, core } = adminClients();
  const token = await core.createNamespacedServiceAccountToken({
    name: sa,
    namespace,
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  const cluster = kc.getCurrentCluster()!;
  const path = join(mkdtempSync(join(tmpdir(), 'k8s-mcp-rbac-')), 'kubeconfig');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'c', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } },
      ],
      users: [{ name: sa, user: { token: token.status!.token } }],
      contexts: [{ name: 'sa', context: { cluster: 'c', user: sa, namespace } }],
      'current-context': 'sa',
    }),
    { mode: 0o600 },
  );
  return path;
}
