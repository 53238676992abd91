// Asks the server "what is wrong?" about the sample application, as a model would: applies
// config/samples under a name prefix of its own (so it can share a cluster), waits until they
// have settled, runs the built server over stdio with only the sample namespaces visible, and
// prints the answer of k8s-cluster-summary (anomalies, then the overview) with its size in bytes.
// The samples are deleted afterwards. docs/summary.md quotes its output.
//
// Usage: npm run build && node scripts/what-is-wrong.mjs [--kubeconfig <path>] [--kb <budget>]
// (default kubeconfig: $KUBECONFIG, else .cluster/kubeconfig as test/cluster/up.sh writes it).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { applySamples, deleteSamples, sampleNames, waitForSamples } from './lib/samples.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const kubeconfig = resolve(
  opt('--kubeconfig', process.env.KUBECONFIG ?? resolve(root, '.cluster/kubeconfig')),
);
const kb = Number(opt('--kb', '10'));
const main = resolve(root, 'dist/main.js');
if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first');
if (!existsSync(kubeconfig)) throw new Error(`kubeconfig not found: ${kubeconfig}`);

const prefix = `wiw-${randomBytes(2).toString('hex')}-`;
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const names = sampleNames(prefix);
const namespaces = Object.values(names.namespaces);
let client;
try {
  await applySamples(kc, { prefix });
  await waitForSamples(kc, { prefix, timeoutMs: 180_000 });
  client = new Client({ name: 'what-is-wrong', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [main, '--transport', 'stdio', '--kubeconfig', kubeconfig],
      env: {
        ...process.env,
        K8S_ALLOWED_NAMESPACES: namespaces.join(','),
        LOG_DIR: '',
        LOG_LEVEL: 'silent',
      },
      stderr: 'ignore',
    }),
  );
  const summary = async (a) => {
    const r = await client.callTool({ name: 'k8s-cluster-summary', arguments: a });
    return r.content.map((c) => c.text ?? '').join('\n');
  };
  // The Unschedulable pod of the samples is named once the scheduler has said so: wait for it.
  let anomalies = '';
  for (let i = 0; i < 60; i++) {
    anomalies = await summary({ summary_type: 'anomalies', max_size_kb: kb });
    if (anomalies.includes('Unschedulable')) break;
    await sleep(1000);
  }
  const overview = await summary({ summary_type: 'overview', max_size_kb: kb });
  // The prefix is this run's, not the demo's: print the names as `npm run demo` creates them.
  const plain = (t) => t.replaceAll(prefix, '');
  for (const [what, text] of [
    [`k8s-cluster-summary {"summary_type":"anomalies","max_size_kb":${kb}}`, anomalies],
    [`k8s-cluster-summary {"summary_type":"overview","max_size_kb":${kb}}`, overview],
  ]) {
    console.log(
      `### ${what} — ${Buffer.byteLength(text, 'utf8')} bytes (prefix removed: ${Buffer.byteLength(plain(text), 'utf8')})\n`,
    );
    console.log(plain(text));
    console.log();
  }
} finally {
  await client?.close();
  await deleteSamples(kc, { prefix, wait: false });
}
