#!/usr/bin/env node
// The cost of per-person authorization on a cached read (issue 15): k8s-get-pods in one namespace,
// answered from the watch cache, through the real tool invoker against the real control plane,
// (a) as the server itself (no person: today's behaviour), (b) as a person with the
// SubjectAccessReview cache warm, (c) as a person with it emptied before every call (cold: the
// person's view is reviewed kind by kind over every namespace the cache holds, then the list).
// The person "bench-reader" gets a Role in a namespace made for the run; both are deleted after.
//
//   npm run build && node bench/person-reads.mjs [--calls=200] [--cold=10]
//
// Then the same for k8s-cluster-summary of that namespace, which builds the person's whole view.
//
// Kubeconfig: $K8S_MCP_TEST_KUBECONFIG (default .cluster/kubeconfig). Bounded loops only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const arg = (name, dflt) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const CALLS = arg('calls', 200);
const COLD = arg('cold', 10);
const KUBECONFIG = process.env.K8S_MCP_TEST_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig');

const { createApp } = await dist('bootstrap.js');
const { loadConfig } = await dist('config/config.loader.js');
const { ToolInvoker } = await dist('mcp/tool-invoker.service.js');
const { InformerRegistry } = await dist('sync/informer-registry.js');
const { AccessReview } = await dist('sync/access-review.service.js');

const kc = new k8s.KubeConfig();
kc.loadFromFile(KUBECONFIG);
const core = kc.makeApiClient(k8s.CoreV1Api);
const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
const ns = `bench-person-${Math.random().toString(16).slice(2, 10)}`;
await core.createNamespace({ body: { metadata: { name: ns, labels: { 'k8s-mcp-test': 'true' } } } });
await rbac.createNamespacedRole({
  namespace: ns,
  body: {
    metadata: { name: 'reader' },
    rules: [
      {
        apiGroups: ['', 'apps', 'batch', 'discovery.k8s.io'],
        resources: ['*'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  },
});
await rbac.createNamespacedRoleBinding({
  namespace: ns,
  body: {
    metadata: { name: 'reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bench-reader' }],
  },
});

const dir = mkdtempSync(path.join(tmpdir(), 'k8s-mcp-bench-'));
const config = loadConfig({
  env: {
    KUBECONFIG_PATH: KUBECONFIG,
    LOG_DIR: '',
    LOG_LEVEL: 'silent',
    K8S_AUDIT_LOG_PATH: path.join(dir, 'audit.log'),
    K8S_MCP_IMPERSONATION: 'true',
  },
  cwd: dir,
});
const app = await createApp(config);
await app.init();
try {
  const registry = app.get(InformerRegistry);
  registry.start();
  await registry.ready();
  const invoker = app.get(ToolInvoker);
  const reviews = app.get(AccessReview);
  const server = { transport: 'stdio' };
  const person = { transport: 'stdio', kubeUser: { username: 'bench-reader', groups: [] } };
  const once = async (caller) => {
    const started = performance.now();
    const r = await invoker.call('k8s-get-pods', { namespace: ns }, caller);
    const ms = performance.now() - started;
    if (r.isError || r.structuredContent?.source !== 'cache')
      throw new Error(`not a cached answer: ${JSON.stringify(r.content).slice(0, 300)}`);
    return ms;
  };
  const pct = (xs, p) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms (n=${xs.length})`;
  // Until the cache answers for the new namespace.
  for (let i = 0; ; i++) {
    try {
      await once(server);
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  // Warm-up (JIT, SAR cache).
  for (let i = 0; i < 20; i++) {
    await once(server);
    await once(person);
  }
  const off = [];
  const warm = [];
  // Alternating, so drift on the shared machine hits both alike.
  for (let i = 0; i < CALLS; i++) {
    off.push(await once(server));
    warm.push(await once(person));
  }
  const cold = [];
  let sentPerCold = 0;
  for (let i = 0; i < COLD; i++) {
    reviews.answers.clear();
    const before = reviews.sent;
    cold.push(await once(person));
    sentPerCold = reviews.sent - before;
  }
  // A read spanning kinds builds the person's whole view: one summary of their namespace.
  const summary = async (caller) => {
    const started = performance.now();
    const r = await invoker.call('k8s-cluster-summary', { namespace: ns }, caller);
    if (r.isError) throw new Error(JSON.stringify(r.content).slice(0, 300));
    return performance.now() - started;
  };
  const sumOff = [];
  const sumWarm = [];
  for (let i = 0; i < 20; i++) {
    sumOff.push(await summary(server));
    sumWarm.push(await summary(person));
  }
  const sumCold = [];
  let sentPerView = 0;
  for (let i = 0; i < COLD; i++) {
    reviews.answers.clear();
    const before = reviews.sent;
    sumCold.push(await summary(person));
    sentPerView = reviews.sent - before;
  }
  const namespaces = registry.informer('Namespace')?.store.size ?? 0;
  const kinds = registry.informers().length;
  console.log(
    `cached k8s-get-pods, one namespace (${namespaces} namespaces, ${kinds} watched kinds in the cache):`,
  );
  console.log(`  no person (impersonation off for the caller): ${fmt(off)}`);
  console.log(`  person, SAR cache warm:                       ${fmt(warm)}`);
  console.log(
    `  person, SAR cache cold:                       ${fmt(cold)}; ${sentPerCold} SubjectAccessReviews per cold call`,
  );
  console.log(`k8s-cluster-summary of that namespace (builds the person's view):`);
  console.log(`  no person:              ${fmt(sumOff)}`);
  console.log(`  person, SAR cache warm: ${fmt(sumWarm)}`);
  console.log(`  person, SAR cache cold: ${fmt(sumCold)}; ${sentPerView} SubjectAccessReviews per cold call`);
} finally {
  await app.close();
  await core.deleteNamespace({ name: ns }).catch(() => undefined);
}
