// The Helm chart: lint and render every ci/*-values.yaml, install it on the real control plane, and
// prove its RBAC is enough for every tool (and no more for writes) by running the server in-process
// with the chart's ServiceAccount token and the environment the chart gives the pod (its ConfigMap
// and token Secret). KWOK runs the pods, so the image is never pulled.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  AuthorizationV1Api,
  type KubernetesObject,
  loadAllYaml,
  RbacAuthorizationV1Api,
  type V1ClusterRole,
} from '@kubernetes/client-node';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { adminClients, applyManifest, createTestNamespace, deleteNamespace, testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { CHART_DIR, helm } from '../helpers/helm.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';
import { serviceAccountKubeconfig } from '../helpers/service-account.js';
import { loadConfig } from '../../src/config/config.loader.js';
import { unsafeExposure } from '../../src/config/exposure.js';

const CI_VALUES = readdirSync(join(CHART_DIR, 'ci')).filter((f) => f.endsWith('-values.yaml')).sort();

const web = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: app, image: registry.example/web:1.0 }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`;

/** Kinds the chart grants reads on, as k8s-list-resources names them; cluster-scoped ones last. */
const NAMESPACED_KINDS = [
  'configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'endpointslices', 'replicasets', 'statefulsets',
  'daemonsets', 'jobs', 'cronjobs', 'ingresses', 'networkpolicies', 'horizontalpodautoscalers',
  'poddisruptionbudgets', 'roles', 'rolebindings', 'events',
];
const CLUSTER_KINDS = [
  'namespaces', 'nodes', 'persistentvolumes', 'storageclasses', 'ingressclasses', 'clusterroles', 'clusterrolebindings',
];

interface Expectations {
  /** Whether k8s-scale-deployment may succeed (false: RBAC refuses it with K8S.FORBIDDEN). */
  readonly scale: boolean;
  /** Whether Secrets may be listed (rbac.secrets metadata-only) or are refused (none). */
  readonly secrets: boolean;
}

/**
 * Calls every tool as the chart's ServiceAccount and returns what did not behave as expected, one
 * line a tool call ("k8s-get-pods: expected success, got K8S.FORBIDDEN: ..."); empty when all did.
 */
async function checkTools(sut: RunningApp, client: Client, ns: string, want: Expectations): Promise<string[]> {
  const pod = (await adminClients().core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' })).items[0]!
    .metadata!.name!;
  const calls: [string, Record<string, unknown>, boolean][] = [
    ['k8s-get-pods', { namespace: ns }, true],
    ['k8s-get-services', { namespace: ns }, true],
    ['k8s-get-deployments', { namespace: ns }, true],
    ['k8s-get-nodes', {}, true],
    ['k8s-get-logs', { namespace: ns, pod }, true],
    ['k8s-describe-pod', { namespace: ns, name: pod }, true],
    ['k8s-get-events', { namespace: ns }, true],
    ['k8s-get-resource', { kind: 'deployment', name: 'web', namespace: ns }, true],
    ...NAMESPACED_KINDS.map((kind): [string, Record<string, unknown>, boolean] => [
      'k8s-list-resources',
      { kind, namespace: ns },
      true,
    ]),
    ['k8s-list-resources', { kind: 'secrets', namespace: ns }, want.secrets],
    ...CLUSTER_KINDS.map((kind): [string, Record<string, unknown>, boolean] => ['k8s-list-resources', { kind }, true]),
    ['k8s-scale-deployment', { namespace: ns, name: 'web', replicas: 2 }, want.scale],
  ];
  const problems: string[] = [];
  for (const [tool, args, shouldWork] of calls) {
    const result = await call(client, tool, args);
    const audit = (await sut.audit()).at(-1);
    const what = `${tool} ${JSON.stringify(args)}`;
    if (shouldWork && result.isError) {
      problems.push(`${what}: expected success, got ${audit?.errorCode}: ${textOf(result)}`);
    } else if (!shouldWork && !(result.isError && audit?.errorCode === 'K8S.FORBIDDEN')) {
      problems.push(`${what}: expected K8S.FORBIDDEN, got ${result.isError ? audit?.errorCode : 'success'}`);
    }
  }
  return problems;
}

/** What the watch cache lists and watches (DESIGN: watched kinds), by API group. */
const WATCHED: Record<string, string[]> = {
  '': ['pods', 'services', 'events', 'configmaps', 'persistentvolumeclaims', 'serviceaccounts'],
  'discovery.k8s.io': ['endpointslices'],
  apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
  batch: ['jobs', 'cronjobs'],
  'networking.k8s.io': ['ingresses', 'networkpolicies'],
  autoscaling: ['horizontalpodautoscalers'],
  policy: ['poddisruptionbudgets'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings'],
};
const WATCHED_CLUSTER: Record<string, string[]> = {
  '': ['namespaces', 'nodes', 'persistentvolumes'],
  'storage.k8s.io': ['storageclasses'],
  'networking.k8s.io': ['ingressclasses'],
  'rbac.authorization.k8s.io': ['clusterroles', 'clusterrolebindings'],
};

interface Access {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly allowed: boolean;
}

/**
 * Asks the API server's authorizer (SubjectAccessReview) about each access for the ServiceAccount;
 * returns the ones answered otherwise than expected. Covers what the tools do not exercise yet:
 * watch (for the watch cache) and the verbs that must stay refused.
 */
async function checkGrants(ns: string, sa: string, accesses: Access[]): Promise<string[]> {
  const authz = adminClients().kc.makeApiClient(AuthorizationV1Api);
  const problems: string[] = [];
  for (const a of accesses) {
    const review = await authz.createSubjectAccessReview({
      body: {
        spec: {
          user: `system:serviceaccount:${ns}:${sa}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
          resourceAttributes: {
            verb: a.verb,
            group: a.group,
            resource: a.resource,
            subresource: a.subresource,
            namespace: a.namespace,
          },
        },
      },
    });
    if (review.status!.allowed !== a.allowed) {
      const what = `${a.verb} ${a.group || 'core'}/${a.resource}${a.subresource ? `/${a.subresource}` : ''}`;
      problems.push(`${what} in ${a.namespace ?? '(cluster)'}: expected ${a.allowed ? 'allowed' : 'denied'}`);
    }
  }
  return problems;
}

/** Every access the chart must grant, and some it must not, for one installed variant. */
function expectedAccess(ns: string, want: Expectations, scoped: boolean): Access[] {
  const reads = ['get', 'list', 'watch'];
  const list: Access[] = [];
  for (const [group, resources] of Object.entries(WATCHED))
    for (const resource of resources)
      for (const verb of reads) {
        list.push({ verb, group, resource, namespace: ns, allowed: true });
        // Namespace scope: nothing outside the allowed namespaces.
        list.push({ verb, group, resource, namespace: 'kube-system', allowed: !scoped });
      }
  for (const [group, resources] of Object.entries(WATCHED_CLUSTER))
    for (const resource of resources)
      for (const verb of reads) list.push({ verb, group, resource, allowed: true });
  for (const verb of reads) list.push({ verb, group: '', resource: 'secrets', namespace: ns, allowed: want.secrets });
  list.push({ verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: ns, allowed: true });
  for (const verb of ['patch', 'update'])
    list.push({ verb, group: 'apps', resource: 'deployments', subresource: 'scale', namespace: ns, allowed: want.scale });
  // Never: writes other than the scale, exec, and reading Secrets when they are off.
  for (const [verb, group, resource, subresource] of [
    ['create', '', 'pods', undefined],
    ['delete', '', 'pods', undefined],
    ['create', '', 'pods', 'exec'],
    ['patch', 'apps', 'deployments', undefined],
    ['delete', 'apps', 'deployments', undefined],
    ['update', '', 'configmaps', undefined],
    ['create', 'rbac.authorization.k8s.io', 'rolebindings', undefined],
  ] as const)
    list.push({ verb, group, resource, subresource, namespace: ns, allowed: false });
  return list;
}

interface PodSpec {
  automountServiceAccountToken?: boolean;
  containers: { env?: unknown[]; volumeMounts?: unknown[] }[];
  volumes?: unknown[];
}

/** `helm template` with these extra arguments, as objects. */
async function render(...args: string[]): Promise<KubernetesObject[]> {
  const out = await helm(['template', 'ci', CHART_DIR, '-n', 'ci', ...args]);
  return (loadAllYaml(out) as (KubernetesObject | null)[]).filter((d): d is KubernetesObject => !!d);
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Rendered {
  readonly docs: KubernetesObject[];
  /** The ConfigMap's data: the pod's environment but the tokens. */
  readonly config: Record<string, string>;
  /** The chart's token Secret, decoded (undefined when it renders none). */
  readonly secret?: { annotations: Record<string, string>; data: Record<string, string> };
  readonly pod: {
    containers: { env?: EnvVar[]; envFrom?: unknown[]; volumeMounts?: { name: string; mountPath: string }[] }[];
    volumes?: unknown[];
  };
  readonly deployment: { spec: { strategy?: { type: string } } };
}

/** `helm template` picked apart: the pieces of the pod's environment and the Deployment. */
async function renderPod(...args: string[]): Promise<Rendered> {
  const docs = await render(...args);
  const cm = docs.find((d) => d.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
  const secret = docs.find((d) => d.kind === 'Secret') as unknown as
    | { metadata: { annotations: Record<string, string> }; data: Record<string, string> }
    | undefined;
  const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as Rendered['deployment'] & {
    spec: { template: { spec: Rendered['pod'] } };
  };
  return {
    docs,
    config: cm.data,
    secret: secret && {
      annotations: secret.metadata.annotations,
      data: Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])),
    },
    pod: deployment.spec.template.spec,
    deployment,
  };
}

/** The env entries that take a token from a Secret, as `NAME <- secret/key`. */
function tokenRefs(r: Rendered): string[] {
  return (r.pod.containers[0]!.env ?? [])
    .filter((e) => e.valueFrom?.secretKeyRef)
    .map((e) => `${e.name} <- ${e.valueFrom!.secretKeyRef!.name}/${e.valueFrom!.secretKeyRef!.key}${e.valueFrom!.secretKeyRef!.optional ? '?' : ''}`);
}

/** The configuration the pod's server would load: the ConfigMap plus the Secret's tokens. */
function podConfig(r: Rendered) {
  return loadConfig({ env: { ...r.config, ...r.secret?.data }, cwd: CHART_DIR });
}

/**
 * POST /mcp (initialize) with this Host header and token; resolves with the status. node:http, since
 * fetch cannot forge a Host header.
 */
function postMcp(url: string, host: string, token?: string, path = '/mcp'): Promise<number> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'helm-e2e', version: '1' } },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: path === '/mcp' ? 'POST' : 'GET',
        headers: {
          host,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(path === '/mcp' ? body : undefined);
  });
}

describe('helm chart (lint and template)', () => {
  it.each(CI_VALUES)('lints %s with --strict', async (file) => {
    await expect(helm(['lint', CHART_DIR, '--strict', '-f', join(CHART_DIR, 'ci', file)])).resolves.toContain(
      '0 chart(s) failed',
    );
  });

  it.each(CI_VALUES)('renders %s into secure, least-privilege objects', async (file) => {
    const r = await renderPod('-f', join(CHART_DIR, 'ci', file));
    const docs = r.docs;
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind) as (KubernetesObject & Record<string, never>)[];
    const deployment = byKind('Deployment')[0] as unknown as {
      spec: { template: { spec: { securityContext: Record<string, unknown>; containers: Record<string, never>[] } } };
    };
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0]).toMatchObject({
      securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      livenessProbe: { httpGet: { path: '/health/live' } },
      readinessProbe: { httpGet: { path: '/health/ready' } },
    });
    const rules = [...byKind('ClusterRole'), ...byKind('Role')].flatMap(
      (r) => (r as unknown as V1ClusterRole).rules ?? [],
    );
    const writeVerbs = rules.flatMap((r) => r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v)));
    // Writes are opted into (ci/writes-values.yaml); every other variant is read-only.
    const writes = file.startsWith('writes');
    // Whatever the variant, the server it configures starts (tokens on a 0.0.0.0 bind), and knows
    // its Service's name for the Host check.
    const config = podConfig(r);
    expect(unsafeExposure(config)).toBeUndefined();
    expect(config.K8S_MCP_AUTH_TOKENS.length).toBeGreaterThan(0);
    expect(config.K8S_READ_ONLY).toBe(!writes);
    expect(config.K8S_MCP_ALLOWED_HOSTS).toContain('ci-k8s-mcp.ci.svc');
    if (file.startsWith('kubeconfig-secret')) {
      // The kubeconfig's user is authorised in its own cluster: nothing to grant here.
      expect(docs.filter((d) => /Role|RoleBinding/.test(d.kind ?? '')).map((d) => d.kind)).toEqual([]);
      return;
    }
    expect([...new Set(writeVerbs)].sort()).toEqual(writes ? ['patch', 'update'] : []);
    expect(rules.flatMap((r) => r.resources ?? [])).not.toContain('*');
    if (file.startsWith('namespace-scoped')) {
      expect(byKind('Role').length).toBeGreaterThan(0);
      expect(rules.flatMap((r) => r.resources ?? [])).not.toContain('secrets');
    }
  });

  it('grants impersonate and SubjectAccessReviews only with impersonation on, narrowed to the listed names', async () => {
    const names = (docs: KubernetesObject[]) => docs.map((d) => `${d.kind}/${d.metadata?.name}`);
    expect(names(await render())).not.toContain('ClusterRole/ci-k8s-mcp-impersonate');
    const docs = await render(
      '--set',
      'config.K8S_MCP_IMPERSONATION=true',
      '--set',
      'rbac.impersonation.users={oidc:alice}',
    );
    expect(names(docs)).toEqual(
      expect.arrayContaining(['ClusterRole/ci-k8s-mcp-impersonate', 'ClusterRoleBinding/ci-k8s-mcp-impersonate']),
    );
    const role = docs.find((d) => d.metadata?.name === 'ci-k8s-mcp-impersonate' && d.kind === 'ClusterRole') as unknown as {
      rules: { resources: string[]; verbs: string[]; resourceNames?: string[] }[];
    };
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['oidc:alice'] },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
  });

  it('renders a ConfigMap and Secret that the server loads as its configuration', async () => {
    const r = await renderPod('--set', 'config.K8S_MCP_AUTH_TOKENS={one,two}', '--set', 'config.LOG_LEVEL=debug');
    const data = r.config;
    const config = podConfig(r);
    const defaults = loadConfig({ env: {}, cwd: CHART_DIR });
    expect(config).toMatchObject({
      K8S_MCP_HOST: '0.0.0.0',
      K8S_MCP_PORT: 8766,
      K8S_MCP_TRANSPORT: 'http',
      LOG_DIR: '',
      LOG_LEVEL: 'debug',
      K8S_AUDIT_LOG_PATH: '/var/log/k8s-mcp/audit.log',
      K8S_MCP_AUTH_TOKENS: ['one', 'two'],
      GRAPH_MEMORY_LIMIT: defaults.GRAPH_MEMORY_LIMIT,
      ALERT_ERROR_RATE_MAX: defaults.ALERT_ERROR_RATE_MAX,
      K8S_ALLOWED_NAMESPACES: [],
    });
    expect(Object.keys(data)).not.toContain('K8S_MCP_AUTH_TOKENS');
    // The given tokens are not "generated": an upgrade without them does not keep them.
    expect(r.secret!.annotations['k8s-mcp/generated-keys']).toBe('K8S_MCP_METRICS_TOKENS');
    expect(r.pod.containers[0]!.envFrom).toEqual([{ configMapRef: { name: 'ci-k8s-mcp' } }]);
    expect(tokenRefs(r)).toEqual([
      'K8S_MCP_AUTH_TOKENS <- ci-k8s-mcp-auth/K8S_MCP_AUTH_TOKENS',
      'K8S_MCP_METRICS_TOKENS <- ci-k8s-mcp-auth/K8S_MCP_METRICS_TOKENS',
    ]);
  });

  it('defaults to a generated token from a Secret, read-only, and the Service names as allowed hosts', async () => {
    const r = await renderPod();
    expect(r.secret!.annotations['k8s-mcp/generated-keys']).toBe('K8S_MCP_AUTH_TOKENS,K8S_MCP_METRICS_TOKENS');
    expect(r.secret!.data.K8S_MCP_AUTH_TOKENS).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(r.secret!.data.K8S_MCP_METRICS_TOKENS).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(r.secret!.data.K8S_MCP_METRICS_TOKENS).not.toBe(r.secret!.data.K8S_MCP_AUTH_TOKENS);
    // Random per render (`helm template` cannot look up the installed one; the install test shows upgrades keep it).
    expect((await renderPod()).secret!.data.K8S_MCP_AUTH_TOKENS).not.toBe(r.secret!.data.K8S_MCP_AUTH_TOKENS);
    expect(tokenRefs(r)).toEqual([
      'K8S_MCP_AUTH_TOKENS <- ci-k8s-mcp-auth/K8S_MCP_AUTH_TOKENS',
      'K8S_MCP_METRICS_TOKENS <- ci-k8s-mcp-auth/K8S_MCP_METRICS_TOKENS',
    ]);
    expect(r.config).not.toHaveProperty('K8S_MCP_AUTH_TOKENS');
    expect(r.config.K8S_READ_ONLY).toBe('true');
    const config = podConfig(r);
    expect(config).toMatchObject({
      K8S_MCP_HOST: '0.0.0.0',
      K8S_READ_ONLY: true,
      K8S_MCP_AUTH_TOKENS: [r.secret!.data.K8S_MCP_AUTH_TOKENS],
      K8S_MCP_ALLOWED_HOSTS: ['ci-k8s-mcp', 'ci-k8s-mcp.ci', 'ci-k8s-mcp.ci.svc', 'ci-k8s-mcp.ci.svc.cluster.local'],
      K8S_MCP_ALLOW_UNAUTHENTICATED: false,
    });
    expect(unsafeExposure(config)).toBeUndefined();
    // Without the Secret the pod's server would refuse to start: that is what the Secret fixes.
    expect(unsafeExposure({ ...config, K8S_MCP_AUTH_TOKENS: [] })).toMatch(/^refusing to serve HTTP/);
    expect(
      (await renderPod('--set', 'clusterDomain=k8s.internal')).config.K8S_MCP_ALLOWED_HOSTS,
    ).toBe('ci-k8s-mcp,ci-k8s-mcp.ci,ci-k8s-mcp.ci.svc,ci-k8s-mcp.ci.svc.k8s.internal');
  });

  it('takes the tokens from an existing Secret, or runs open only when told to', async () => {
    const own = await renderPod('--set', 'auth.existingSecret=team-tokens');
    expect(own.secret).toBeUndefined();
    expect(tokenRefs(own)).toEqual([
      'K8S_MCP_AUTH_TOKENS <- team-tokens/K8S_MCP_AUTH_TOKENS',
      'K8S_MCP_METRICS_TOKENS <- team-tokens/K8S_MCP_METRICS_TOKENS?',
    ]);
    await expect(render('--set', 'auth.existingSecret=team-tokens', '--set', 'config.K8S_MCP_AUTH_TOKENS={x}')).rejects.toThrow(
      'set either auth.existingSecret or config.K8S_MCP_AUTH_TOKENS',
    );
    await expect(render('--set', 'auth.enabled=false')).rejects.toThrow(
      'set config.K8S_MCP_ALLOW_UNAUTHENTICATED=true to run it open on purpose',
    );
    const open = await renderPod('--set', 'auth.enabled=false', '--set', 'config.K8S_MCP_ALLOW_UNAUTHENTICATED=true');
    expect(open.secret).toBeUndefined();
    expect(tokenRefs(open)).toEqual([]);
    expect(unsafeExposure(podConfig(open))).toBeUndefined();
  });

  it('adds the Ingress hosts (and config.K8S_MCP_ALLOWED_HOSTS) to the allowed hosts', async () => {
    const hosts = (r: Rendered) => podConfig(r).K8S_MCP_ALLOWED_HOSTS;
    const on = await renderPod(
      '--set', 'ingress.enabled=true',
      '--set', 'ingress.hosts={mcp.example.com,*.mcp.example.org}',
      '--set', 'config.K8S_MCP_ALLOWED_HOSTS={proxy.internal}',
    );
    expect(hosts(on)).toEqual([
      'ci-k8s-mcp', 'ci-k8s-mcp.ci', 'ci-k8s-mcp.ci.svc', 'ci-k8s-mcp.ci.svc.cluster.local',
      'mcp.example.com', '*.mcp.example.org', 'proxy.internal',
    ]);
    expect(
      (on.docs.find((d) => d.kind === 'Ingress') as unknown as { spec: { rules: { host: string }[] } }).spec.rules.map((x) => x.host),
    ).toEqual(['mcp.example.com', '*.mcp.example.org']);
    // A disabled Ingress serves nothing, so its hosts are not allowed either.
    const off = await renderPod('--set', 'ingress.hosts={mcp.example.com}');
    expect(hosts(off)).not.toContain('mcp.example.com');
    expect(off.docs.map((d) => d.kind)).not.toContain('Ingress');
  });

  it('keeps the audit log on a PersistentVolumeClaim when asked (ci/persistence-values.yaml)', async () => {
    const logsMount = { name: 'logs', mountPath: '/var/log/k8s-mcp' };
    const r = await renderPod('-f', join(CHART_DIR, 'ci/persistence-values.yaml'));
    const pvc = r.docs.find((d) => d.kind === 'PersistentVolumeClaim') as unknown as {
      metadata: { name: string };
      spec: Record<string, unknown>;
    };
    expect(pvc.metadata.name).toBe('ci-k8s-mcp-audit');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '2Gi' } },
    });
    expect(r.pod.volumes).toContainEqual({ name: 'logs', persistentVolumeClaim: { claimName: 'ci-k8s-mcp-audit' } });
    expect(r.pod.containers[0]!.volumeMounts).toContainEqual(logsMount);
    expect(podConfig(r).K8S_AUDIT_LOG_PATH).toBe('/var/log/k8s-mcp/audit.log');
    expect(r.deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const existing = await renderPod('--set', 'persistence.enabled=true', '--set', 'persistence.existingClaim=audit-logs');
    expect(existing.docs.map((d) => d.kind)).not.toContain('PersistentVolumeClaim');
    expect(existing.pod.volumes).toContainEqual({ name: 'logs', persistentVolumeClaim: { claimName: 'audit-logs' } });
    // Default: the emptyDir, no claim, the rolling update.
    const plain = await renderPod();
    expect(plain.docs.map((d) => d.kind)).not.toContain('PersistentVolumeClaim');
    expect(plain.pod.volumes).toContainEqual({ name: 'logs', emptyDir: { sizeLimit: '768Mi' } });
    expect(plain.pod.containers[0]!.volumeMounts).toContainEqual(logsMount);
    expect(plain.deployment.spec.strategy).toBeUndefined();
    await expect(render('--set', 'persistence.enabled=true', '--set', 'replicaCount=2')).rejects.toThrow(
      'persistence keeps one audit log file for one pod',
    );
  });

  it('renders the Prometheus Operator objects only when asked; the ServiceMonitor sends the metrics token', async () => {
    expect((await render()).map((d) => d.kind)).not.toEqual(expect.arrayContaining(['ServiceMonitor']));
    const r = await renderPod('-f', join(CHART_DIR, 'ci/monitoring-values.yaml'));
    expect(r.docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['ServiceMonitor', 'PrometheusRule', 'Secret']));
    const monitor = r.docs.find((d) => d.kind === 'ServiceMonitor') as unknown as {
      spec: { endpoints: { path: string; authorization: unknown }[] };
    };
    expect(monitor.spec.endpoints[0]).toMatchObject({
      path: '/metrics/prometheus',
      authorization: { type: 'Bearer', credentials: { name: 'ci-k8s-mcp-auth', key: 'K8S_MCP_METRICS_TOKENS' } },
    });
    expect(r.secret!.data.K8S_MCP_METRICS_TOKENS).toBe('ci-only-metrics-not-a-secret');
    expect(podConfig(r).K8S_MCP_METRICS_TOKENS).toEqual(['ci-only-metrics-not-a-secret']);
    // A generated metrics token by default; a list Prometheus cannot send is refused.
    const generated = await renderPod('--set', 'serviceMonitor.enabled=true');
    expect(generated.secret!.data.K8S_MCP_METRICS_TOKENS).toMatch(/^[A-Za-z0-9]{48}$/);
    await expect(
      render('--set', 'serviceMonitor.enabled=true', '--set', 'config.K8S_MCP_METRICS_TOKENS={a,b}'),
    ).rejects.toThrow('serviceMonitor sends config.K8S_MCP_METRICS_TOKENS as one bearer token');
  });

  it('pins MCP sessions to a replica on the Ingress and scales with an HPA (ci/scaling-values.yaml)', async () => {
    const docs = await render('-f', join(CHART_DIR, 'ci/scaling-values.yaml'));
    const ingress = docs.find((d) => d.kind === 'Ingress') as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: { ingressClassName: string; tls: unknown[]; rules: { host: string; http: { paths: { backend: unknown }[] } }[] };
    };
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe('$http_mcp_session_id');
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']).toBe('3600');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((r) => r.host)).toEqual(['mcp.example.com']);
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend).toEqual({ service: { name: 'ci-k8s-mcp', port: { name: 'http' } } });
    expect(ingress.spec.tls).toEqual([{ secretName: 'mcp-example-tls', hosts: ['mcp.example.com'] }]);
    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler') as unknown as {
      spec: { minReplicas: number; maxReplicas: number; scaleTargetRef: { name: string }; metrics: unknown[] };
    };
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 4, scaleTargetRef: { name: 'ci-k8s-mcp' } });
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as { spec: Record<string, unknown> };
    expect(deployment.spec).not.toHaveProperty('replicas');
    // Without it: no Ingress, no HPA, a fixed replica count.
    const plain = await render();
    expect(plain.map((d) => d.kind)).not.toEqual(expect.arrayContaining(['Ingress']));
    expect(plain.map((d) => d.kind)).not.toEqual(expect.arrayContaining(['HorizontalPodAutoscaler']));
    expect((plain.find((d) => d.kind === 'Deployment') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(1);
  });

  it('mounts a kubeconfig Secret read-only instead of the ServiceAccount token (ci/kubeconfig-secret-values.yaml)', async () => {
    const docs = await render('-f', join(CHART_DIR, 'ci/kubeconfig-secret-values.yaml'));
    const pod = (docs.find((d) => d.kind === 'Deployment') as unknown as { spec: { template: { spec: PodSpec } } }).spec
      .template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0]!.env!.filter((e) => !(e as EnvVar).valueFrom)).toEqual([
      { name: 'KUBECONFIG_PATH', value: '/etc/k8s-mcp/kubeconfig/config' },
      { name: 'K8S_CONTEXT', value: 'remote' },
    ]);
    expect(pod.containers[0]!.volumeMounts).toContainEqual({ name: 'kubeconfig', mountPath: '/etc/k8s-mcp/kubeconfig', readOnly: true });
    expect(pod.volumes).toContainEqual({
      name: 'kubeconfig',
      secret: { secretName: 'remote-kubeconfig', items: [{ key: 'config', path: 'config' }], defaultMode: 0o444 },
    });
    expect(docs.map((d) => d.kind)).not.toEqual(expect.arrayContaining(['ClusterRole']));
    await expect(
      render('-f', join(CHART_DIR, 'ci/kubeconfig-secret-values.yaml'), '--set', 'config.KUBECONFIG_PATH=/x'),
    ).rejects.toThrow('leave config.KUBECONFIG_PATH and config.KUBECONFIG empty');
  });

  it('mounts a kubeconfig Secret with several contexts and adds the ServiceAccount as context in-cluster (ci/kubeconfig-contexts-values.yaml)', async () => {
    const values = join(CHART_DIR, 'ci/kubeconfig-contexts-values.yaml');
    const r = await renderPod('-f', values);
    const pod = r.pod as Rendered['pod'] & { automountServiceAccountToken?: boolean };
    expect(pod.automountServiceAccountToken).toBe(true);
    const env = Object.fromEntries((pod.containers[0]!.env ?? []).filter((e) => !e.valueFrom).map((e) => [e.name, e.value]));
    expect(env).toEqual({
      KUBECONFIG: '/etc/k8s-mcp/kubeconfig/config:/etc/k8s-mcp/in-cluster/config',
      K8S_CONTEXTS: 'staging,arn:aws:eks:eu-west-1:123456789012:cluster/prod,in-cluster',
      K8S_DEFAULT_CONTEXT: 'in-cluster',
    });
    expect(pod.containers[0]!.volumeMounts).toContainEqual({ name: 'in-cluster-kubeconfig', mountPath: '/etc/k8s-mcp/in-cluster', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'in-cluster-kubeconfig', configMap: { name: 'ci-k8s-mcp-in-cluster', defaultMode: 0o444 } });
    // The ServiceAccount reaches this cluster: its RBAC is rendered as without a Secret.
    expect(r.docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['ClusterRole', 'ClusterRoleBinding']));
    // The environment the pod's server loads: the ConfigMap, overridden by the Deployment's env.
    const config = loadConfig({ env: { ...r.config, ...r.secret?.data, ...env }, cwd: CHART_DIR });
    expect(config.K8S_CONTEXTS).toEqual(['staging', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'in-cluster']);
    const inCluster = r.docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === 'ci-k8s-mcp-in-cluster') as unknown as {
      data: { config: string };
    };
    expect(parse(inCluster.data.config)).toMatchObject({
      clusters: [{ cluster: { server: 'https://kubernetes.default.svc', 'certificate-authority': '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' } }],
      users: [{ user: { 'auth-provider': { name: 'tokenFile', config: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } } } }],
      contexts: [{ name: 'in-cluster' }],
    });
    // Another name for it; ["*"] already has it; settings that need the Secret refused without it.
    const renamed = await renderPod('-f', values, '--set', 'kubeconfig.inCluster.contextName=home', '--set', 'kubeconfig.defaultContext=home');
    expect(renamed.pod.containers[0]!.env).toContainEqual({ name: 'K8S_CONTEXTS', value: 'staging,arn:aws:eks:eu-west-1:123456789012:cluster/prod,home' });
    const all = await renderPod('-f', values, '--set', 'kubeconfig.contexts={*}');
    expect(all.pod.containers[0]!.env).toContainEqual({ name: 'K8S_CONTEXTS', value: '*' });
    await expect(render('--set', 'kubeconfig.contexts={a,b}')).rejects.toThrow('need kubeconfig.existingSecret');
    await expect(render('-f', values, '--set', 'config.K8S_CONTEXTS={a}')).rejects.toThrow(
      'set either kubeconfig.contexts or config.K8S_CONTEXTS, not both',
    );
  });

  it('the in-cluster kubeconfig it renders serves next to the Secret\'s contexts (token file read by the server)', async () => {
    // What the pod would mount, with the paths a pod has moved into a temporary folder: the
    // rendered in-cluster kubeconfig, a ServiceAccount token file and CA, and the Secret's kubeconfig.
    const ns = await createTestNamespace('helm-contexts');
    const crb = `k8s-mcp-test-${ns}`;
    const rbac = adminClients().kc.makeApiClient(RbacAuthorizationV1Api);
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-pod-'));
    let sut: RunningApp | undefined;
    let client: Client | undefined;
    try {
      const { core, kc } = adminClients();
      await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'mcp' } } });
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name: crb, labels: { 'k8s-mcp-test': 'true' } },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'ServiceAccount', name: 'mcp', namespace: ns }],
        },
      });
      const token = await core.createNamespacedServiceAccountToken({
        name: 'mcp',
        namespace: ns,
        body: { spec: { expirationSeconds: 3600, audiences: [] } },
      });
      writeFileSync(join(dir, 'token'), token.status!.token!, { mode: 0o600 });
      const cluster = kc.getCurrentCluster()!;
      writeFileSync(join(dir, 'ca.crt'), Buffer.from(cluster.caData!, 'base64'));
      const docs = await render('-f', join(CHART_DIR, 'ci/kubeconfig-contexts-values.yaml'));
      const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === 'ci-k8s-mcp-in-cluster') as unknown as {
        data: { config: string };
      };
      writeFileSync(
        join(dir, 'in-cluster'),
        cm.data.config
          .replace('https://kubernetes.default.svc', cluster.server)
          .replace('/var/run/secrets/kubernetes.io/serviceaccount/', `${dir}/`)
          .replace('/var/run/secrets/kubernetes.io/serviceaccount/', `${dir}/`),
      );
      // The Secret's kubeconfig: the test cluster's admin under the name "staging" (no current context).
      const secret = parse(readFileSync(testKubeconfigPath(), 'utf8')) as { contexts: { name: string }[]; 'current-context'?: string };
      secret.contexts[0]!.name = 'staging';
      delete secret['current-context'];
      writeFileSync(join(dir, 'config'), stringify(secret), { mode: 0o600 });
      sut = await startApp({
        KUBECONFIG: `${join(dir, 'config')}:${join(dir, 'in-cluster')}`,
        K8S_CONTEXTS: 'staging,in-cluster',
        K8S_DEFAULT_CONTEXT: 'in-cluster',
        K8S_NAMESPACE: ns,
      });
      client = await connectClient(sut.url);
      const listed = await call(client, 'k8s-list-contexts');
      expect((listed.structuredContent as { contexts: { name: string }[] }).contexts.map((c) => c.name)).toEqual([
        'in-cluster',
        'staging',
      ]);
      for (const context of [undefined, 'in-cluster', 'staging']) {
        const r = await call(client, 'k8s-get-services', { namespace: ns, fresh: true, ...(context ? { context } : {}) });
        expect([context, r.isError ?? false, textOf(r)]).toEqual([context, false, expect.any(String)]);
      }
      // The ServiceAccount (view) may not read Secrets; the admin of "staging" may.
      const asSa = await call(client, 'k8s-get-resource', { kind: 'secret', namespace: ns, name: 'x', context: 'in-cluster' });
      expect(textOf(asSa)).toContain(`system:serviceaccount:${ns}:mcp`);
    } finally {
      await client?.close();
      await sut?.close();
      await rbac.deleteClusterRoleBinding({ name: crb }).catch(() => undefined);
      await deleteNamespace(ns);
    }
  }, 90_000);

  it.each([
    ['config.K8S_MCP_PORT=abc', "at '/config/K8S_MCP_PORT': got string, want integer"],
    ['config.K8S_MCP_TRANSPORT=stdio', "at '/config/K8S_MCP_TRANSPORT'"],
    ['config.LOG_LEVEL=loud', "at '/config/LOG_LEVEL'"],
    ['config.NOT_A_VARIABLE=1', 'NOT_A_VARIABLE'],
    ['rbac.scope=bogus', "at '/rbac/scope'"],
    ['rbac.secrets=all', "at '/rbac/secrets'"],
    ['ingress.hosts[0].host=x', "at '/ingress/hosts/0'"],
    ['kubeconfig.key=', "at '/kubeconfig/key'"],
    ['auth.enabled=maybe', "at '/auth/enabled'"],
    ['persistence.size=lots', "at '/persistence/size'"],
    ['persistence.accessModes={ReadOnlyMany}', "at '/persistence/accessModes/0'"],
  ])('refuses --set %s (values.schema.json)', async (set, message) => {
    await expect(render('--set', set)).rejects.toThrow(message);
  });
});

const VARIANTS = [
  { name: 'cluster-wide, read-only (default)', values: 'default-values.yaml', scoped: false, want: { scale: false, secrets: true } },
  { name: 'namespace-scoped', values: 'namespace-scoped-values.yaml', scoped: true, want: { scale: false, secrets: false } },
  { name: 'writes allowed', values: 'writes-values.yaml', scoped: false, want: { scale: true, secrets: true } },
] as const;

/**
 * The environment the chart gives the installed pod: its ConfigMap, plus each env entry that takes
 * a token from a Secret, read back from the cluster.
 */
async function installedPodEnv(ns: string, fullname: string): Promise<Record<string, string>> {
  const { core, apps } = adminClients();
  const cm = await core.readNamespacedConfigMap({ name: fullname, namespace: ns });
  const env: Record<string, string> = { ...cm.data };
  const container = (await apps.readNamespacedDeployment({ name: fullname, namespace: ns })).spec!.template.spec!.containers[0]!;
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (!ref) continue;
    const secret = await core.readNamespacedSecret({ name: ref.name!, namespace: ns });
    env[e.name] = Buffer.from(secret.data![ref.key]!, 'base64').toString();
  }
  return env;
}

describe.each(VARIANTS)('helm install: $name', ({ values, scoped, want }) => {
  let ns: string;
  let release: string;
  let fullname: string;
  let token: string;
  let podEnv: Record<string, string>;
  let sut: RunningApp;
  let client: Client;
  const kubeconfig = () => testKubeconfigPath();
  const set = () => [`config.K8S_NAMESPACE=${ns}`, ...(scoped ? [`config.K8S_ALLOWED_NAMESPACES={${ns}}`] : [])];

  beforeAll(async () => {
    ns = await createTestNamespace(`helm-${values.replace('-values.yaml', '')}`);
    release = ns;
    fullname = `${release}-k8s-mcp`.slice(0, 63);
    await applyManifest(web, ns);
    await helm(
      ['install', release, CHART_DIR, '-n', ns, '-f', join(CHART_DIR, 'ci', values), ...set().flatMap((s) => ['--set', s])],
      kubeconfig(),
    );
    // The server runs in-process with what the pod gets (its namespace, scope, tokens and allowed
    // hosts), bound to loopback on a free port, with a temporary audit log.
    podEnv = await installedPodEnv(ns, fullname);
    const { K8S_MCP_HOST: _host, K8S_MCP_PORT: _port, K8S_AUDIT_LOG_PATH: _audit, LOG_DIR: _logs, ...env } = podEnv;
    token = podEnv.K8S_MCP_AUTH_TOKENS!.split(',')[0]!.replace(/^.*:/, '');
    sut = await startApp({
      ...env,
      KUBECONFIG_PATH: await serviceAccountKubeconfig(ns, fullname),
      // The server itself allows writes: only the chart's RBAC may refuse them.
      K8S_READ_ONLY: 'false',
    });
    client = await connectClient(sut.url, { Authorization: `Bearer ${token}` });
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    // Uninstall first: the ClusterRoles and bindings outlive the namespace otherwise.
    if (release) await helm(['uninstall', release, '-n', ns, '--wait'], kubeconfig()).catch(() => undefined);
    if (ns) await deleteNamespace(ns);
  });

  it('becomes Available (KWOK runs the pod)', async () => {
    await expectEventually(
      async () => {
        const d = await adminClients().apps.readNamespacedDeployment({ name: `${release}-k8s-mcp`, namespace: ns });
        const available = d.status?.conditions?.find((c) => c.type === 'Available');
        if (available?.status !== 'True') throw new Error(`Available=${available?.status}: ${available?.message}`);
        if (d.status?.readyReplicas !== 1) throw new Error(`readyReplicas=${d.status?.readyReplicas}`);
      },
      { timeoutMs: 60_000, description: 'the chart Deployment to be Available' },
    );
  });

  it(`lets every tool work with the chart's ServiceAccount${want.scale ? '' : ', and RBAC refuses the scale'}`, async () => {
    await expectEventually(() => adminClients().core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' }).then((l) => {
      if (!l.items.some((p) => p.status?.phase === 'Running')) throw new Error('web pod not Running');
    }), { timeoutMs: 60_000, description: 'the web pod' });
    expect(await checkTools(sut, client, ns, want)).toEqual([]);
  });

  it('grants get/list/watch on every watched kind, and no other write than the scale', async () => {
    expect(await checkGrants(ns, `${release}-k8s-mcp`, expectedAccess(ns, want, scoped))).toEqual([]);
  });

  if (values === 'default-values.yaml') {
    it('gives the pod a generated token, read-only, and its Service names as allowed hosts', () => {
      expect(podEnv.K8S_MCP_AUTH_TOKENS).toMatch(/^[A-Za-z0-9]{48}$/);
      expect(podEnv.K8S_MCP_METRICS_TOKENS).toMatch(/^[A-Za-z0-9]{48}$/);
      expect(podEnv.K8S_READ_ONLY).toBe('true');
      expect(podEnv.K8S_MCP_ALLOWED_HOSTS!.split(',')).toEqual([
        fullname, `${fullname}.${ns}`, `${fullname}.${ns}.svc`, `${fullname}.${ns}.svc.cluster.local`,
      ]);
    });

    it('answers 401 without the token, 403 to a foreign Host, and serves the Service names with it', async () => {
      const svc = `${fullname}.${ns}.svc:8766`;
      expect(await postMcp(sut.url, svc)).toBe(401);
      expect(await postMcp(sut.url, svc, 'not-the-token')).toBe(401);
      // The metrics token opens /metrics* and nothing else.
      expect(await postMcp(sut.url, svc, podEnv.K8S_MCP_METRICS_TOKENS)).toBe(401);
      expect(await postMcp(sut.url, svc, podEnv.K8S_MCP_METRICS_TOKENS, '/metrics/prometheus')).toBe(200);
      expect(await postMcp(sut.url, 'evil.example:8766', token)).toBe(403);
      for (const host of podEnv.K8S_MCP_ALLOWED_HOSTS!.split(',')) expect(await postMcp(sut.url, `${host}:8766`, token)).toBe(200);
      // kubectl port-forward: the client names localhost.
      expect(await postMcp(sut.url, 'localhost:8766', token)).toBe(200);
    });

    it('keeps the generated token Secret across helm upgrade, without rolling the pods', async () => {
      const { core, apps } = adminClients();
      const before = await core.readNamespacedSecret({ name: `${fullname}-auth`, namespace: ns });
      const deployment = await apps.readNamespacedDeployment({ name: fullname, namespace: ns });
      await helm(
        ['upgrade', release, CHART_DIR, '-n', ns, '-f', join(CHART_DIR, 'ci', values), ...set().flatMap((s) => ['--set', s])],
        kubeconfig(),
      );
      const after = await core.readNamespacedSecret({ name: `${fullname}-auth`, namespace: ns });
      expect(after.data).toEqual(before.data);
      expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
      const upgraded = await apps.readNamespacedDeployment({ name: fullname, namespace: ns });
      expect(upgraded.spec!.template.metadata!.annotations).toEqual(deployment.spec!.template.metadata!.annotations);
      expect(upgraded.metadata!.generation).toBe(deployment.metadata!.generation);
    });
  }

  if (values === 'writes-values.yaml') {
    it('reports a missing verb: the check fails when patch on deployments/scale is taken away', async () => {
      const rbac = adminClients().kc.makeApiClient(RbacAuthorizationV1Api);
      const role = await rbac.readClusterRole({ name: `${release}-k8s-mcp` });
      for (const rule of role.rules ?? []) {
        if (rule.resources?.includes('deployments/scale')) rule.verbs = rule.verbs.filter((v) => v !== 'patch');
      }
      await rbac.replaceClusterRole({ name: role.metadata!.name!, body: role });
      // The authorizer sees RBAC changes through an informer: wait until the refusal shows.
      const problems = await expectEventually(
        async () => {
          const p = await checkTools(sut, client, ns, want);
          if (!p.length) throw new Error('the check still passes');
          return p;
        },
        { timeoutMs: 30_000, description: 'the check to notice the missing verb' },
      );
      expect(problems).toEqual([
        expect.stringMatching(/^k8s-scale-deployment .*: expected success, got K8S\.FORBIDDEN: .*cannot patch resource "deployments\/scale"/),
      ]);
    });
  }
});

// The chart with a kubeconfig Secret: the server acts with the kubeconfig's user (here a
// ServiceAccount bound to cluster-admin by the test, as the "remote" cluster would authorise it),
// so the chart renders no RBAC. The server runs in-process with what the pod would see: the
// Secret's key as a file at KUBECONFIG_PATH and the K8S_CONTEXT the Deployment sets.
describe('helm install: kubeconfig from a Secret', () => {
  let ns: string;
  let sut: RunningApp;
  let client: Client;
  const sa = 'remote-user';
  const binding = () => `k8s-mcp-test-${ns}`;

  beforeAll(async () => {
    ns = await createTestNamespace('helm-kubeconfig');
    await applyManifest(web, ns);
    const { core, kc } = adminClients();
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: sa } } });
    await kc.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
      body: {
        metadata: { name: binding(), labels: { 'k8s-mcp-test': 'true' } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
      },
    });
    // Two contexts, the wrong one current: the chart's kubeconfig.context must pick the right one.
    const doc = parse(readFileSync(await serviceAccountKubeconfig(ns, sa), 'utf8')) as {
      clusters: { name: string }[];
      contexts: { name: string; context: Record<string, string> }[];
      'current-context': string;
    };
    doc.clusters.push({ name: 'elsewhere', cluster: { server: 'https://127.0.0.1:1' } } as never);
    doc.contexts.push({ name: 'wrong', context: { cluster: 'elsewhere', user: sa } });
    doc.contexts[0]!.name = 'remote';
    doc['current-context'] = 'wrong';
    await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'remote-kubeconfig' }, stringData: { config: stringify(doc) } },
    });
    await helm(
      ['install', ns, CHART_DIR, '-n', ns, '-f', join(CHART_DIR, 'ci/kubeconfig-secret-values.yaml'), '--set', `config.K8S_NAMESPACE=${ns}`],
      testKubeconfigPath(),
    );
    // What the pod gets: the Secret's key as a file, and the Deployment's environment.
    const deployment = await adminClients().apps.readNamespacedDeployment({ name: `${ns}-k8s-mcp`.slice(0, 63), namespace: ns });
    const container = deployment.spec!.template.spec!.containers[0]!;
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']));
    const volume = deployment.spec!.template.spec!.volumes!.find((v) => v.name === 'kubeconfig')!;
    const secret = await core.readNamespacedSecret({ name: volume.secret!.secretName!, namespace: ns });
    const mount = container.volumeMounts!.find((m) => m.name === 'kubeconfig')!;
    expect(mount.readOnly).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-mounted-'));
    const key = volume.secret!.items![0]!.path;
    writeFileSync(join(dir, key), Buffer.from(secret.data![volume.secret!.items![0]!.key]!, 'base64'), { mode: 0o444 });
    expect(env.KUBECONFIG_PATH).toBe(`${mount.mountPath}/${key}`);
    sut = await startApp({
      KUBECONFIG_PATH: join(dir, key),
      K8S_CONTEXT: env.K8S_CONTEXT!,
      K8S_NAMESPACE: ns,
      K8S_READ_ONLY: 'false',
    });
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    if (ns) await helm(['uninstall', ns, '-n', ns, '--wait'], testKubeconfigPath()).catch(() => undefined);
    await adminClients()
      .kc.makeApiClient(RbacAuthorizationV1Api)
      .deleteClusterRoleBinding({ name: binding() })
      .catch(() => undefined);
    if (ns) await deleteNamespace(ns);
  });

  it('installs no RBAC objects and mounts no ServiceAccount token', async () => {
    const rbac = adminClients().kc.makeApiClient(RbacAuthorizationV1Api);
    const selector = `app.kubernetes.io/instance=${ns}`;
    expect((await rbac.listClusterRole({ labelSelector: selector })).items).toEqual([]);
    expect((await rbac.listNamespacedRole({ namespace: ns, labelSelector: selector })).items).toEqual([]);
    const d = await adminClients().apps.readNamespacedDeployment({ name: `${ns}-k8s-mcp`.slice(0, 63), namespace: ns });
    expect(d.spec!.template.spec!.automountServiceAccountToken).toBe(false);
  });

  it('lets every tool work through the kubeconfig and its context', async () => {
    await expectEventually(
      () =>
        adminClients()
          .core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' })
          .then((l) => {
            if (!l.items.some((p) => p.status?.phase === 'Running')) throw new Error('web pod not Running');
          }),
      { timeoutMs: 60_000, description: 'the web pod' },
    );
    expect(await checkTools(sut, client, ns, { scale: true, secrets: true })).toEqual([]);
  });
});
