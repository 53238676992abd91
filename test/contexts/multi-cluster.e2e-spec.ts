// Several clusters from one server (issue 17) against two real control planes: the shared one
// (context "alpha") and a second one this suite starts in a state dir of its own with
// test/cluster/up.sh and stops at the end (context named like an EKS ARN, ":" and "/" included).
// The kubeconfig holding both is written at test time. A third context ("gamma", the first
// cluster again) is in the kubeconfig but not in K8S_CONTEXTS. Cost: ~15 s for the second control
// plane (up.sh), ~25 s for the rest (sync of the second model, one call left to time out).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { killApiServer } from '../helpers/apiserver.js';
import {
  adminClients,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { ClusterModels } from '../../src/contexts/cluster-models.service.js';
import { contextUri } from '../../src/mcp/resources/context-uri.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';

const SCRIPTS = fileURLToPath(new URL('../cluster/', import.meta.url));
const ALPHA = 'alpha';
const BETA = 'arn:aws:eks:local:000000000000:cluster/beta';
const GAMMA = 'gamma';

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
}

/** One kubeconfig with both clusters: alpha and gamma reach the first, beta the second. */
function twoClusterKubeconfig(first: string, second: string): string {
  const a = parseYaml(readFileSync(first, 'utf8')) as KubeconfigDoc;
  const b = parseYaml(readFileSync(second, 'utf8')) as KubeconfigDoc;
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'first', cluster: a.clusters[0].cluster },
      { name: 'second', cluster: b.clusters[0].cluster },
    ],
    users: [
      { name: 'first-admin', user: a.users[0].user },
      { name: 'second-admin', user: b.users[0].user },
    ],
    contexts: [
      { name: ALPHA, context: { cluster: 'first', user: 'first-admin' } },
      { name: BETA, context: { cluster: 'second', user: 'second-admin' } },
      { name: GAMMA, context: { cluster: 'first', user: 'first-admin' } },
    ],
    'current-context': ALPHA,
  });
}

function script(name: string, stateDir: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('bash', [path.join(SCRIPTS, name)], {
    env: { ...process.env, K8S_MCP_CLUSTER_DIR: stateDir },
    encoding: 'utf8',
    timeout: 240_000,
  });
}

const service = (name: string) => ({
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }] },
});

const names = (structured: unknown): string[] =>
  ((structured as { items?: { name?: string }[] })?.items ?? []).map((i) => i.name ?? '');

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];

describe('several clusters from one server: one live model per kubeconfig context', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-mcp-multi-'));
  const stateDir = path.join(dir, 'beta-cluster');
  let betaCore: CoreV1Api;
  let betaRbac: RbacAuthorizationV1Api;
  let ns: string;
  let hidden: string;
  let sut: RunningApp;
  let client: Client;
  let upSeconds = 0;
  let kubeconfig: string;

  beforeAll(async () => {
    const started = performance.now();
    const up = script('up.sh', stateDir);
    if (up.status !== 0) throw new Error(`up.sh for the second cluster failed (${up.status}):\n${up.stderr}`);
    upSeconds = (performance.now() - started) / 1000;
    kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, twoClusterKubeconfig(testKubeconfigPath(), up.stdout.trim()), { mode: 0o600 });

    const kc = new KubeConfig();
    kc.loadFromFile(up.stdout.trim());
    betaCore = kc.makeApiClient(CoreV1Api);
    betaRbac = kc.makeApiClient(RbacAuthorizationV1Api);
    // The same namespace name in both clusters, holding a different Service in each.
    ns = await createTestNamespace('multi');
    hidden = `${ns}-hidden`;
    await betaCore.createNamespace({ body: { metadata: { name: ns } } });
    await betaCore.createNamespace({ body: { metadata: { name: hidden } } });
    await adminClients().core.createNamespacedService({ namespace: ns, body: service('only-in-alpha') });
    await betaCore.createNamespacedService({ namespace: ns, body: service('only-in-beta') });
    await betaCore.createNamespacedService({ namespace: hidden, body: service('behind-the-policy') });

    sut = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_CONTEXTS: `${ALPHA},${BETA}`,
      K8S_CONTEXT_NAMESPACES: JSON.stringify({ [BETA]: { forbidden: [hidden] } }),
      K8S_CONTEXT_IDLE_STOP: '0',
      K8S_NAMESPACE: ns,
      K8S_REQUEST_TIMEOUT: '4',
      HEALTH_CHECK_INTERVAL: '1',
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    client = await connectClient(sut.url);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    if (ns) await deleteNamespace(ns);
    // Always, whatever failed: the second control plane is this suite's own.
    const down = script('down.sh', stateDir);
    rmSync(dir, { recursive: true, force: true });
    if (down.status !== 0) throw new Error(`down.sh failed: ${down.stderr}`);
    process.stderr.write(`[multi-cluster e2e] second control plane up in ${upSeconds.toFixed(1)} s\n`);
  }, 120_000);

  it('k8s-list-contexts lists the allowed contexts, the default first, the second not started yet', async () => {
    const result = await call(client, 'k8s-list-contexts');
    expect(result.isError).toBeFalsy();
    const sc = result.structuredContent as {
      defaultContext: string;
      contexts: { name: string; model: string }[];
    };
    expect(sc.defaultContext).toBe(ALPHA);
    expect(sc.contexts.map((c) => [c.name, c.model])).toEqual([
      [ALPHA, 'running'],
      [BETA, 'stopped'],
    ]);
    expect(textOf(result)).not.toContain(GAMMA);
  });

  it("answers the same call from each cluster's own cache; no context is the default", async () => {
    const beta = await expectEventually(
      async () => {
        const r = await call(client, 'k8s-get-services', { namespace: ns, context: BETA });
        expect(r.isError).toBeFalsy();
        expect(r.structuredContent?.source).toBe('cache');
        return r;
      },
      { timeoutMs: 60_000, description: "the second context's model has synced" },
    );
    expect(names(beta.structuredContent)).toEqual(['only-in-beta']);

    for (const args of [{ namespace: ns }, { namespace: ns, context: ALPHA }]) {
      const alpha = await call(client, 'k8s-get-services', args);
      expect(alpha.structuredContent?.source).toBe('cache');
      expect(names(alpha.structuredContent)).toEqual(['only-in-alpha']);
    }
    const listed = await call(client, 'k8s-list-contexts');
    const contexts = (listed.structuredContent as { contexts: { name: string; sync?: { phase: string } }[] })
      .contexts;
    expect(contexts.map((c) => [c.name, c.sync?.phase])).toEqual([
      [ALPHA, 'synced'],
      [BETA, 'synced'],
    ]);
  });

  it("reads each context's resources from its own cache under k8s://contexts/{context}/…; today's URIs are the default's", async () => {
    const nsSummary = `k8s://namespaces/${ns}/summary`;
    const read = async (uri: string) => {
      const r = await client.readResource({ uri });
      expect(r.contents.map((c) => c.uri)).toEqual([uri, uri]);
      return (r.contents[0] as { text: string }).text;
    };
    // The ARN's ':' and '/' percent-encoded: one path segment.
    const betaUri = contextUri(BETA, nsSummary);
    expect(betaUri).toBe(
      `k8s://contexts/arn%3Aaws%3Aeks%3Alocal%3A000000000000%3Acluster%2Fbeta/namespaces/${ns}/summary`,
    );
    const beta = await read(betaUri);
    expect(beta).toContain('only-in-beta');
    expect(beta).not.toContain('only-in-alpha');
    for (const uri of [nsSummary, contextUri(ALPHA, nsSummary)]) {
      const alpha = await read(uri);
      expect(alpha).toContain('only-in-alpha');
      expect(alpha).not.toContain('only-in-beta');
    }
    // Every resource exists per context; the policy of the context applies to its namespaces.
    for (const inner of ['k8s://cluster/summary', 'k8s://anomalies', 'k8s://changes'])
      expect(await read(contextUri(BETA, inner))).not.toContain(hidden);
    await expect(
      client.readResource({ uri: contextUri(BETA, `k8s://namespaces/${hidden}/summary`) }),
    ).rejects.toThrow(/not found/);
    await expect(client.readResource({ uri: contextUri(BETA, 'k8s://nodes') })).rejects.toThrow(
      /unknown resource .*per context: k8s:\/\/contexts\/\{context\}\/cluster\/summary/,
    );

    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'k8s://namespaces/{namespace}/summary',
      'k8s://contexts/{context}/cluster/summary',
      'k8s://contexts/{context}/anomalies',
      'k8s://contexts/{context}/changes',
      'k8s://contexts/{context}/namespaces/{namespace}/summary',
    ]);
    // The listings do not depend on the kubeconfig: no context is named.
    const { resources } = await client.listResources();
    expect(JSON.stringify([resources, resourceTemplates])).not.toContain('beta');
  });

  it("fills a prompt from the named context's cache, and says to pass the context on", async () => {
    const { prompts } = await client.listPrompts();
    for (const p of prompts) expect(p.arguments?.map((a) => a.name)).toContain('context');
    const text = async (args: Record<string, string>) => {
      const r = await client.getPrompt({ name: 'cluster-health-check', arguments: args });
      return (r.messages[0].content as { text: string }).text;
    };
    const beta = await text({ namespace: ns, context: BETA });
    expect(beta).toContain('only-in-beta');
    expect(beta).not.toContain('only-in-alpha');
    expect(beta).toContain(`add "context": "${BETA}" to every tool call`);
    const alpha = await text({ namespace: ns });
    expect(alpha).toContain('only-in-alpha');
    expect(alpha).not.toContain('only-in-beta');
    expect(alpha).not.toContain('"context"');
  });

  it('names the context in every call an answer about another cluster suggests', async () => {
    // The Services select no pods: a finding each, with a hint that writes the call showing it.
    const suggested = (text: string) =>
      [...text.matchAll(/\b(k8s-[a-z-]+) (\{[^{}]*\})/g)].map((m) => ({
        tool: m[1],
        args: JSON.parse(m[2]) as Record<string, unknown>,
      }));
    const summary = async (context?: string) =>
      textOf(await call(client, 'k8s-cluster-summary', { namespace: ns, ...(context ? { context } : {}) }));
    await expectEventually(async () => expect(suggested(await summary(BETA)).length).toBeGreaterThan(0), {
      timeoutMs: 30_000,
      description: "a hint in beta's summary",
    });
    const beta = suggested(await summary(BETA));
    expect(beta.map((c) => c.args.context)).toEqual(beta.map(() => BETA));
    // Following one reaches beta: its answer is about beta's Service.
    const first = beta.find((c) => JSON.stringify(c.args).includes('only-in-beta')) ?? beta[0];
    const followed = await call(client, first.tool, first.args);
    expect(followed.isError ?? false).toBe(false);
    expect(textOf(followed)).not.toContain('only-in-alpha');
    // The default context's answers stay as they were: no context written.
    const alpha = suggested(await summary());
    expect(alpha.length).toBeGreaterThan(0);
    expect(alpha.filter((c) => 'context' in c.args)).toEqual([]);
  });

  it('completes a context argument with the allowed names only (completion/complete)', async () => {
    const complete = async (
      ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
      value: string,
    ) => (await client.complete({ ref, argument: { name: 'context', value } })).completion.values;
    expect(await complete({ type: 'ref/prompt', name: 'cluster-health-check' }, '')).toEqual([ALPHA, BETA]);
    expect(
      await complete({ type: 'ref/resource', uri: 'k8s://contexts/{context}/cluster/summary' }, 'arn:'),
    ).toEqual([BETA]);
    expect(await complete({ type: 'ref/resource', uri: 'k8s://namespaces/{namespace}/summary' }, '')).toEqual(
      [],
    );
    expect(await complete({ type: 'ref/prompt', name: 'cluster-health-check' }, 'g')).toEqual([]);
  });

  it('refuses a resource or prompt of a context outside K8S_CONTEXTS as a tool call is', async () => {
    for (const context of [GAMMA, 'nope']) {
      const allowed = `allowed contexts: '${ALPHA}', '${BETA}'`;
      const denied = `context '${context}' is not one this server may reach — ${allowed}`;
      await expect(
        client.readResource({ uri: contextUri(context, 'k8s://cluster/summary') }),
      ).rejects.toThrow(denied);
      await expect(client.subscribeResource({ uri: contextUri(context, 'k8s://anomalies') })).rejects.toThrow(
        denied,
      );
      await expect(
        client.getPrompt({ name: 'cluster-health-check', arguments: { context } }),
      ).rejects.toThrow(denied);
    }
  });

  it("tells a subscriber of a context's resource when that cluster changes", async () => {
    const uri = contextUri(BETA, `k8s://namespaces/${ns}/summary`);
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
      updated.push(n.params.uri);
    });
    await client.subscribeResource({ uri });
    try {
      await betaCore.createNamespacedService({ namespace: ns, body: service('new-in-beta') });
      await expectEventually(async () => expect(updated).toContain(uri), {
        timeoutMs: 10_000,
        description: 'a notification for the beta resource',
      });
      expect(await (await client.readResource({ uri })).contents[0]).toMatchObject({
        text: expect.stringContaining('new-in-beta'),
      });
    } finally {
      await client.unsubscribeResource({ uri });
      await betaCore.deleteNamespacedService({ namespace: ns, name: 'new-in-beta' });
    }
  });

  it('lists the context argument in tools/list without naming any context', async () => {
    const { tools } = await client.listTools();
    const pods = tools.find((t) => t.name === 'k8s-get-pods')!;
    expect((pods.inputSchema.properties as Record<string, unknown>).context).toBeDefined();
    expect(JSON.stringify(tools)).not.toContain(BETA);
  });

  it('refuses a context outside K8S_CONTEXTS, known to the kubeconfig or not, naming the allowed ones', async () => {
    for (const context of [GAMMA, 'nope']) {
      const r = await call(client, 'k8s-get-services', { namespace: ns, context });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toBe(
        `context '${context}' is not one this server may reach — allowed contexts: '${ALPHA}', '${BETA}'; leave context out for the default (k8s-list-contexts lists them)`,
      );
    }
  });

  // Environments name both contexts and namespaces ("staging"): the default context hiding a
  // namespace must not hide the context of the same name from the calls that list or name it
  // (k8s-list-contexts and the refusal of another context keep the allowed names unmasked).
  it('lists and names a context that shares its name with a namespace the default context hides', async () => {
    const other = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_CONTEXTS: `${ALPHA},${GAMMA}`,
      K8S_FORBIDDEN_NAMESPACES: GAMMA,
      K8S_NAMESPACE: ns,
    });
    const c = await connectClient(other.url);
    try {
      const listed = await call(c, 'k8s-list-contexts');
      expect(textOf(listed)).toContain(GAMMA);
      expect(
        (listed.structuredContent as { contexts: { name: string }[] }).contexts.map((x) => x.name),
      ).toEqual([ALPHA, GAMMA]);
      const refused = await call(c, 'k8s-get-services', { namespace: ns, context: 'nope' });
      expect(textOf(refused)).toContain(`allowed contexts: '${ALPHA}', '${GAMMA}'`);
    } finally {
      await c.close();
      await other.close();
    }
  });

  it("applies each context's own namespace policy", async () => {
    const denied = await call(client, 'k8s-get-services', { namespace: hidden, context: BETA });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain('not found');
    const all = await call(client, 'k8s-get-services', { namespace: 'all', context: BETA });
    expect(names(all.structuredContent)).toContain('only-in-beta');
    expect(names(all.structuredContent)).not.toContain('behind-the-policy');
    expect(textOf(all)).not.toContain(hidden);
  });

  it("checks a person's access against the cluster the call reaches, cached and fresh", async () => {
    // carol may read the namespace in alpha only, dave in beta only (the same namespace name in
    // both): a person's view of one cluster's cache must come from that cluster's RBAC.
    const suffix = Math.random().toString(36).slice(2, 8);
    const carol = `carol-${suffix}`;
    const dave = `dave-${suffix}`;
    const tokens = { [carol]: `t-${randomUUID()}`, [dave]: `t-${randomUUID()}` };
    const role = {
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
    };
    const binding = (user: string) => ({
      metadata: { name: 'reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }],
    });
    const alphaRbac = new KubeConfig();
    alphaRbac.loadFromFile(testKubeconfigPath());
    const alpha = alphaRbac.makeApiClient(RbacAuthorizationV1Api);
    await alpha.createNamespacedRole({ namespace: ns, body: role });
    await alpha.createNamespacedRoleBinding({ namespace: ns, body: binding(carol) });
    await betaRbac.createNamespacedRole({ namespace: ns, body: role });
    await betaRbac.createNamespacedRoleBinding({ namespace: ns, body: binding(dave) });

    const people = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_CONTEXTS: `${ALPHA},${BETA}`,
      K8S_CONTEXT_IDLE_STOP: '0',
      K8S_NAMESPACE: ns,
      K8S_MCP_AUTH_TOKENS: Object.entries(tokens)
        .map(([who, t]) => `${who}:${t}`)
        .join(','),
      K8S_MCP_IMPERSONATION: 'true',
      K8S_MCP_IMPERSONATION_STATIC_TOKENS: 'true',
    });
    const as = async (who: string) => connectClient(people.url, { authorization: `Bearer ${tokens[who]}` });
    const [c, d] = [await as(carol), await as(dave)];
    try {
      const registry = people.app.get(InformerRegistry);
      registry.start();
      await registry.ready();
      // Both models from their caches first (dave's beta read waits for beta's sync).
      await expectEventually(
        async () => {
          const r = await call(d, 'k8s-get-services', { namespace: ns, context: BETA });
          expect([r.structuredContent?.source, names(r.structuredContent)]).toEqual([
            'cache',
            ['only-in-beta'],
          ]);
        },
        { timeoutMs: 60_000, description: "dave reads beta's cache" },
      );
      const own = await call(c, 'k8s-get-services', { namespace: ns, context: ALPHA });
      expect([own.structuredContent?.source, names(own.structuredContent)]).toEqual([
        'cache',
        ['only-in-alpha'],
      ]);
      for (const fresh of [false, true]) {
        for (const [client, who, context] of [
          [c, carol, BETA],
          [d, dave, ALPHA],
        ] as const) {
          const r = await call(client, 'k8s-get-services', { namespace: ns, context, fresh });
          expect([who, context, fresh, r.isError]).toEqual([who, context, fresh, true]);
          expect(textOf(r)).toContain(who);
          expect(textOf(r)).not.toContain('only-in-');
        }
      }
      // The summary reads several kinds through the person's view of that cluster's cache.
      for (const [client, who, context] of [
        [c, carol, BETA],
        [d, dave, ALPHA],
      ] as const) {
        const r = await call(client, 'k8s-cluster-summary', { namespace: ns, context });
        expect([who, context, r.isError]).toEqual([who, context, true]);
        expect(textOf(r)).toContain(`User "${who}" cannot list any resource`);
      }
      // Resources too: a per-context URI is read through the person's view of that cluster.
      const nsSummary = (context: string) => contextUri(context, `k8s://namespaces/${ns}/summary`);
      const mine = await d.readResource({ uri: nsSummary(BETA) });
      expect((mine.contents[0] as { text: string }).text).toContain('only-in-beta');
      await expect(c.readResource({ uri: nsSummary(BETA) })).rejects.toThrow(carol);
      await expect(d.readResource({ uri: nsSummary(ALPHA) })).rejects.toThrow(dave);
      const summary = await call(d, 'k8s-cluster-summary', { namespace: ns, context: BETA });
      expect(summary.isError ?? false).toBe(false);
    } finally {
      await c.close();
      await d.close();
      await people.close();
    }
  }, 120_000);

  it('shows every context in /intelligent/status', async () => {
    const body = (await (await fetch(`${sut.url}/intelligent/status`)).json()) as {
      phase: string;
      contexts: { name: string; default: boolean; sync?: { phase: string } }[];
    };
    expect(body.phase).toBe('synced');
    expect(body.contexts.map((c) => [c.name, c.default, c.sync?.phase])).toEqual([
      [ALPHA, true, 'synced'],
      [BETA, false, 'synced'],
    ]);
  });

  it('counts calls per context in /metrics, a context a caller made up as <refused>', async () => {
    const text = await (await fetch(`${sut.url}/metrics/prometheus`)).text();
    expect(text).toContain(`k8s_mcp_context_tool_calls_total{context="${BETA}",outcome="ok"}`);
    expect(text).toContain(`k8s_mcp_context_tool_calls_total{context="${ALPHA}",outcome="ok"}`);
    expect(text).toContain('k8s_mcp_context_tool_calls_total{context="<refused>",outcome="denied"} 2');
    expect(text).not.toContain(`context="${GAMMA}"`);
    expect(text).toContain(`k8s_mcp_context_sync_health_score{context="${BETA}"} 100`);
    expect(text).toContain(`k8s_mcp_context_model_running{context="${BETA}"} 1`);
  });

  it('without K8S_CONTEXTS lists the one context as the default and running (before any API probe)', async () => {
    const single = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_NAMESPACE: ns,
      HEALTH_CHECK_INTERVAL: '3600',
    });
    const c = await connectClient(single.url);
    try {
      const r = await call(c, 'k8s-list-contexts');
      const listed = (
        r.structuredContent as { contexts: { name: string; default: boolean; model: string }[] }
      ).contexts;
      expect(listed.map((x) => [x.name, x.default, x.model])).toEqual([[ALPHA, true, 'running']]);
    } finally {
      await c.close();
      await single.close();
    }
  });

  it('starts a context at start-up with K8S_CONTEXTS_EAGER, stops it when idle, starts it again on a call', async () => {
    const other = await startApp({
      KUBECONFIG_PATH: kubeconfig,
      K8S_CONTEXTS: '*',
      K8S_CONTEXTS_EAGER: 'true',
      K8S_CONTEXT_IDLE_STOP: '2',
      K8S_NAMESPACE: ns,
    });
    const otherClient = await connectClient(other.url);
    const states = async () => {
      const r = await call(otherClient, 'k8s-list-contexts');
      return Object.fromEntries(
        (r.structuredContent as { contexts: { name: string; model: string }[] }).contexts.map((c) => [
          c.name,
          c.model,
        ]),
      );
    };
    try {
      expect(await states()).toEqual({ [ALPHA]: 'running', [BETA]: 'stopped', [GAMMA]: 'stopped' });
      other.app.get(ClusterModels).startEager();
      await expectEventually(
        async () =>
          expect(await states()).toEqual({ [ALPHA]: 'running', [BETA]: 'running', [GAMMA]: 'running' }),
        {
          timeoutMs: 10_000,
          description: 'every context started eagerly',
        },
      );
      await expectEventually(
        async () =>
          expect(await states()).toEqual({ [ALPHA]: 'running', [BETA]: 'stopped', [GAMMA]: 'stopped' }),
        {
          timeoutMs: 10_000,
          description: 'idle contexts stopped',
        },
      );
      const again = await call(otherClient, 'k8s-get-services', { namespace: ns, context: BETA });
      expect(names(again.structuredContent)).toEqual(['only-in-beta']);
      expect((await states())[BETA]).toBe('running');
      // A subscription holds its context's model: past twice the idle time it still runs.
      const uri = contextUri(BETA, 'k8s://anomalies');
      await otherClient.subscribeResource({ uri });
      await new Promise((r) => setTimeout(r, 4_000));
      expect((await states())[BETA]).toBe('running');
      await otherClient.unsubscribeResource({ uri });
      await expectEventually(async () => expect((await states())[BETA]).toBe('stopped'), {
        timeoutMs: 10_000,
        description: 'stopped once unsubscribed',
      });
    } finally {
      await otherClient.close();
      await other.close();
    }
  }, 75_000);

  it('a hung, then stopped, second API server leaves the first answering from its cache at normal latency', async () => {
    const alphaCall = async () => {
      const t = performance.now();
      const r = await call(client, 'k8s-get-services', { namespace: ns });
      expect(r.structuredContent?.source).toBe('cache');
      return performance.now() - t;
    };
    const before: number[] = [];
    for (let i = 0; i < 5; i++) before.push(await alphaCall());

    const pid = Number(readFileSync(path.join(stateDir, 'pids', 'kube-apiserver.pid'), 'utf8').trim());
    process.kill(pid, 'SIGSTOP');
    try {
      // Hung: a call that must reach the second API server waits out its own deadline only.
      const t0 = performance.now();
      const hung = call(client, 'k8s-get-services', { namespace: ns, context: BETA, fresh: true });
      const during: number[] = [];
      for (let i = 0; i < 5; i++) during.push(await alphaCall());
      const answer = await hung;
      const hungMs = performance.now() - t0;
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toMatch(
        /did not finish within 4 s: the API server at https:\/\/127\.0\.0\.1:\d+/,
      );
      expect(hungMs).toBeGreaterThan(3_500);
      expect(hungMs).toBeLessThan(8_000);
      // Normal latency: the same order as before the hang (small absolute floor for a busy machine).
      expect(median(during)).toBeLessThan(Math.max(250, 3 * median(before)));
      process.stderr.write(
        `[multi-cluster e2e] cached call on alpha: median ${median(before).toFixed(1)} ms before, ${median(during).toFixed(1)} ms while beta hung (its call failed after ${hungMs.toFixed(0)} ms)\n`,
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }

    // Stopped for good: the first context's watches are untouched (a new Service shows up) ...
    killApiServer(stateDir);
    await adminClients().core.createNamespacedService({ namespace: ns, body: service('after-the-stop') });
    await expectEventually(
      async () => {
        const r = await call(client, 'k8s-get-services', { namespace: ns });
        expect(names(r.structuredContent)).toEqual(['after-the-stop', 'only-in-alpha']);
      },
      { timeoutMs: 15_000, description: 'the first cluster keeps syncing' },
    );
    // ... the second answers what its cache holds, and says its API server is down.
    const cached = await call(client, 'k8s-get-services', { namespace: ns, context: BETA });
    expect(names(cached.structuredContent)).toEqual(['only-in-beta']);
    await expectEventually(
      async () => {
        const r = await call(client, 'k8s-list-contexts');
        const beta = (r.structuredContent as { contexts: { name: string; cluster?: { state: string } }[] })
          .contexts[1];
        expect(beta.cluster?.state).toBe('down');
      },
      { timeoutMs: 10_000, description: 'the second context is reported down' },
    );
  }, 60_000);

  it('names the context in every audit line', async () => {
    const records = await sut.audit();
    const of = (context: string | undefined) =>
      records.filter((r) => r.tool === 'k8s-get-services' && r.context === context);
    expect(of(BETA).length).toBeGreaterThan(0);
    expect(of(ALPHA).length).toBeGreaterThan(0);
    expect(of(GAMMA).map((r) => [r.outcome, r.errorCode])).toEqual([['denied', 'POLICY.CONTEXT_DENIED']]);
    expect(records.filter((r) => r.tool === 'k8s-get-services' && !r.context)).toEqual([]);
    const betaReads = records.filter((r) => r.method === 'resources/read' && r.context === BETA);
    expect(betaReads.length).toBeGreaterThan(0);
    expect(records.filter((r) => r.method === 'prompts/get' && r.context === BETA).length).toBeGreaterThan(0);
    expect(
      records.filter((r) => r.method === 'resources/read' && r.context === GAMMA).map((r) => r.outcome),
    ).toEqual(['denied']);
  });
});
