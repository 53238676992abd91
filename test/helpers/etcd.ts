// Talks to the test cluster's etcd through its JSON gateway (loopback, no auth): the ports of a
// cluster started by test/cluster/up.sh are in ports.env beside its kubeconfig.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testKubeconfigPath } from './cluster.js';

function etcdUrl(): string {
  const file = join(dirname(testKubeconfigPath()), 'ports.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} not found: etcd compaction needs a cluster started by test/cluster/up.sh`);
  }
  const port = /^ETCD_PORT=(\d+)$/m.exec(text)?.[1];
  if (!port) throw new Error(`${file} has no ETCD_PORT`);
  return `http://127.0.0.1:${port}`;
}

async function post(path: string, body: unknown): Promise<{ header: { revision: string } }> {
  const res = await fetch(`${etcdUrl()}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { header: { revision: string } };
}

/** Compacts etcd at its current revision: every older resourceVersion is gone from then on. */
export async function compactEtcd(): Promise<string> {
  const { header } = await post('/v3/kv/range', { key: Buffer.from('\0').toString('base64') });
  await post('/v3/kv/compaction', { revision: header.revision, physical: true });
  return header.revision;
}
