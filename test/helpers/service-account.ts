// Credentials of a ServiceAccount for the in-process server: a short-lived token made at test time
// (TokenRequest API), written into a kubeconfig in a temporary folder — never committed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { adminClients } from './cluster.js';

/** A kubeconfig for the test cluster authenticated as `namespace/serviceAccount`; returns its path. */
export async function serviceAccountKubeconfig(namespace: string, serviceAccount: string): Promise<string> {
  const { kc, core } = adminClients();
  const token = await core.createNamespacedServiceAccountToken({
    name: serviceAccount,
    namespace,
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  const cluster = kc.getCurrentCluster()!;
  const path = join(mkdtempSync(join(tmpdir(), 'k8s-mcp-sa-')), 'kubeconfig');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'c', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } },
      ],
      users: [{ name: serviceAccount, user: { token: token.status!.token } }],
      contexts: [{ name: 'sa', context: { cluster: 'c', user: serviceAccount, namespace } }],
      'current-context': 'sa',
    }),
    { mode: 0o600 },
  );
  return path;
}
