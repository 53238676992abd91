// The read tools answer from the watch cache once synced (real cluster, real MCP client): fast
// enough to show a scale-up within 2 s, the same names as the API server for the same query, the
// namespace policy held, and `fresh: true` still reading from the API server.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { deploymentManifest } from '../factories/manifests.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';

interface ListResult {
  source: 'cache' | 'api';
  freshness: { reason?: string; resourceVersion?: string; lastEventAgeSeconds?: number };
  count: number;
  omittedNamespaceCount?: number;
  items: { name?: string; namespace?: string }[];
}

const structured = (r: CallToolResult) => r.structuredContent as unknown as ListResult;
const names = (r: CallToolResult) =>
  structured(r)
    .items.map((i) => `${i.namespace ?? ''}/${i.name}`)
    .sort();

async function startSynced(env: Record<string, string>): Promise<{ app: RunningApp; client: Client }> {
  const app = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), ...env });
  const registry = app.app.get(InformerRegistry);
  registry.start();
  await registry.ready();
  return { app, client: await connectClient(app.url) };
}

const service = (app: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${app}, labels: { app: ${app} } }
spec:
  selector: { app: ${app} }
  ports: [{ port: 80 }]
`;

describe('Read tools from the watch cache (real cluster)', () => {
  let ns: string;
  let hidden: string;
  const open: { app: RunningApp; client: Client }[] = [];

  beforeAll(async () => {
    [ns, hidden] = await Promise.all([
      createTestNamespace('cache-reads'),
      createTestNamespace('cache-hidden'),
    ]);
    await applyManifest(`${deploymentManifest('web', 2)}---${service('web')}`, ns);
    await applyManifest(`${deploymentManifest('db', 1)}---${service('db')}`, ns);
    await applyManifest(deploymentManifest('hush', 1), hidden);
    await expectEventually(
      async () => {
        const pods = await adminClients().core.listPodForAllNamespaces({
          labelSelector: 'app in (web,db,hush)',
        });
        const running = pods.items.filter(
          (p) => [ns, hidden].includes(p.metadata!.namespace!) && p.status?.phase === 'Running',
        );
        if (running.length !== 4) throw new Error(`${running.length}/4 pods Running`);
      },
      { timeoutMs: 60_000, description: 'the test pods' },
    );
  });

  afterAll(async () => {
    for (const o of open) {
      await o.client.close();
      await o.app.close();
    }
    await Promise.all([ns && deleteNamespace(ns), hidden && deleteNamespace(hidden)]);
  });

  describe('with a deny-list', () => {
    let client: Client;

    beforeAll(async () => {
      const started = await startSynced({ K8S_NAMESPACE: ns, K8S_FORBIDDEN_NAMESPACES: hidden });
      open.push(started);
      client = started.client;
    });

    it('shows the pods of a scale-up in k8s-get-pods within 2 s, from the cache', async () => {
      const started = Date.now();
      const scaled = await call(client, 'k8s-scale-deployment', { name: 'web', replicas: 5 });
      expect(scaled.isError).toBeFalsy();
      const shown = await expectEventually(
        async () => {
          const r = await call(client, 'k8s-get-pods', { labelSelector: 'app=web' });
          if (structured(r).count !== 5) throw new Error(`${structured(r).count}/5 pods shown`);
          return r;
        },
        { timeoutMs: 10_000, intervalMs: 50, description: 'five web pods' },
      );
      const elapsed = Date.now() - started;
      expect(structured(shown).source).toBe('cache');
      expect(elapsed).toBeLessThanOrEqual(2000);
      expect(textOf(shown)).toMatch(/\(from the watch cache, last watch event [\d.]+s ago/);
    });

    it('fresh: true reads the same pods from the API server', async () => {
      await expectEventually(async () => {
        const cached = await call(client, 'k8s-get-pods', { labelSelector: 'app=web' });
        const fresh = await call(client, 'k8s-get-pods', { labelSelector: 'app=web', fresh: true });
        expect(structured(cached).source).toBe('cache');
        expect(structured(fresh).source).toBe('api');
        expect(structured(fresh).freshness.reason).toBe('fresh: true');
        expect(textOf(fresh)).toContain('(read from the API server: fresh: true)');
        expect(names(cached)).toEqual(names(fresh));
      });
    });

    it('answers like the API server for several kinds and selectors', async () => {
      const queries: [string, Record<string, unknown>][] = [
        ['k8s-get-pods', { namespace: ns }],
        ['k8s-get-pods', { namespace: ns, labelSelector: 'app in (web,db)' }],
        ['k8s-get-pods', { namespace: ns, labelSelector: 'app!=web' }],
        ['k8s-get-pods', { namespace: ns, labelSelector: 'app,!nope' }],
        [
          'k8s-get-pods',
          { namespace: ns, labelSelector: 'app notin (web)', fieldSelector: 'status.phase=Running' },
        ],
        ['k8s-get-pods', { namespace: 'all', labelSelector: 'app in (web,db,hush)' }],
        ['k8s-get-pods', { namespace: ns, fieldSelector: 'spec.nodeName=kwok-node-0' }],
        ['k8s-get-services', { namespace: ns }],
        ['k8s-get-deployments', { namespace: ns, labelSelector: 'app=db' }],
        ['k8s-get-nodes', {}],
        ['k8s-list-resources', { kind: 'replicasets', namespace: ns }],
        ['k8s-list-resources', { kind: 'sa', namespace: ns }],
        ['k8s-list-resources', { kind: 'configmaps', namespace: ns, output: 'name' }],
      ];
      for (const [tool, args] of queries) {
        await expectEventually(
          async () => {
            const cached = await call(client, tool, { output: 'json', ...args });
            const fresh = await call(client, tool, { output: 'json', ...args, fresh: true });
            expect(structured(cached).source).toBe('cache');
            expect(structured(fresh).source).toBe('api');
            const key = (r: CallToolResult) =>
              args.output === 'name'
                ? textOf(r)
                    .match(/^\S+\/\S+$/gm)!
                    .sort()
                : (structured(r).items as { metadata: { name: string; namespace?: string } }[])
                    .map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`)
                    .sort();
            expect(key(cached)).toEqual(key(fresh));
            expect(structured(cached).count).toBeGreaterThan(0);
          },
          { timeoutMs: 10_000, description: `${tool} ${JSON.stringify(args)}` },
        );
      }
    });

    it('hides the denied namespace from cache reads, counting it without naming it', async () => {
      const all = await call(client, 'k8s-get-pods', {
        namespace: 'all',
        labelSelector: 'app in (web,db,hush)',
      });
      expect(structured(all).source).toBe('cache');
      expect(textOf(all)).not.toContain(hidden);
      expect(textOf(all)).not.toContain('hush');
      expect(structured(all).omittedNamespaceCount).toBe(1);
      expect(textOf(all)).toMatch(/Objects of 1 namespace\(s\) hidden by the server policy were left out/);
      for (const [tool, args] of [
        ['k8s-get-pods', { namespace: hidden }],
        ['k8s-get-resource', { kind: 'deploy', name: 'hush', namespace: hidden }],
        ['k8s-get-events', { namespace: hidden }],
      ] as const) {
        const denied = await call(client, tool, args);
        expect(denied.isError).toBe(true);
        expect(textOf(denied)).toContain(`namespace '${hidden}' not found`);
      }
    });

    it('pages from the cache with its own tokens', async () => {
      const first = await call(client, 'k8s-get-pods', {
        labelSelector: 'app=web',
        limit: 3,
        output: 'name',
      });
      const token = (first.structuredContent as { continue?: string }).continue!;
      expect(token.startsWith('cache:')).toBe(true);
      const second = await call(client, 'k8s-get-pods', {
        labelSelector: 'app=web',
        limit: 3,
        output: 'name',
        continue: token,
      });
      expect(structured(second).source).toBe('cache');
      const shown = `${textOf(first)}\n${textOf(second)}`.match(/^pod\/\S+/gm) ?? [];
      expect(new Set(shown).size).toBe(5);
      const mixed = await call(client, 'k8s-get-pods', {
        labelSelector: 'app=web',
        continue: token,
        fresh: true,
      });
      expect(mixed.isError).toBe(true);
      expect(textOf(mixed)).toContain('continue: this token belongs to a page read from the watch cache');
    });

    it('describe-pod, get-resource and get-events read the cache; ConfigMap contents come from the API', async () => {
      const pods = await call(client, 'k8s-get-pods', { labelSelector: 'app=db', output: 'name' });
      const pod = textOf(pods).match(/^pod\/(\S+)/m)![1]!;
      const described = await call(client, 'k8s-describe-pod', { name: pod });
      expect(described.isError).toBeFalsy();
      expect((described.structuredContent as { source: string }).source).toBe('cache');
      expect((described.structuredContent as { owners: string[] }).owners).toEqual([
        expect.stringMatching(/^ReplicaSet\/db-/),
        'Deployment/db',
      ]);
      const resource = await call(client, 'k8s-get-resource', { kind: 'deployment', name: 'db' });
      expect(textOf(resource)).toMatch(/^# \(from the watch cache, /);
      expect(resource.structuredContent).toMatchObject({ source: 'cache', apiVersion: 'apps/v1' });
      const events = await call(client, 'k8s-get-events', { kind: 'Pod', name: pod });
      expect((events.structuredContent as { source: string }).source).toBe('cache');
      const cm = await call(client, 'k8s-get-resource', { kind: 'cm', name: 'kube-root-ca.crt' });
      expect(cm.structuredContent).toMatchObject({
        source: 'api',
        freshness: { reason: 'the watch cache holds only the metadata of configmaps' },
      });
    });

    it('refuses a bad label selector as invalid input, naming it', async () => {
      const bad = await call(client, 'k8s-get-pods', { labelSelector: 'app in (web' });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toContain("labelSelector: unable to parse 'app in (web'");
    });
  });

  describe('with an allow-list', () => {
    it('reads only the allowed namespace from the cache and refuses the others', async () => {
      const started = await startSynced({ K8S_NAMESPACE: ns, K8S_ALLOWED_NAMESPACES: ns });
      open.push(started);
      const all = await call(started.client, 'k8s-get-pods', {
        namespace: 'all',
        labelSelector: 'app in (web,db,hush)',
      });
      // Under an allow-list "all" is not an allowed namespace: the answer must still get out.
      expect(all.isError).toBeFalsy();
      expect(structured(all).source).toBe('cache');
      expect(new Set(structured(all).items.map((i) => i.namespace))).toEqual(new Set([ns]));
      expect(textOf(all)).not.toContain(hidden);
      const fresh = await call(started.client, 'k8s-get-pods', {
        namespace: 'all',
        labelSelector: 'app in (web,db,hush)',
        fresh: true,
      });
      expect(names(all)).toEqual(names(fresh));
      const denied = await call(started.client, 'k8s-get-pods', { namespace: hidden });
      expect(textOf(denied)).toContain(`namespace '${hidden}' not found`);
      const namespaces = await call(started.client, 'k8s-list-resources', { kind: 'namespaces' });
      expect(structured(namespaces).source).toBe('api');
      expect(textOf(namespaces)).not.toContain(hidden);
    });
  });
});
