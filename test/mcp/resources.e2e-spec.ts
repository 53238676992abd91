// The generic k8s-list-resources and k8s-get-resource tools through a real MCP client against the
// real control plane: kubectl names, custom resources, Secret redaction and the namespace policy.
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  adminClients,
  apiStatus,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';

const suffix = randomBytes(4).toString('hex');
/** A group of its own, so parallel or leftover runs never share the CRD. */
const group = `e2e${suffix}.example.com`;
const crdName = `widgets.${group}`;
/** Marks this run's namespaces, so listing namespaces is not paged away by other suites' ones. */
const runLabel = `k8s-mcp-resources=${suffix}`;
const secretValue = `hunter2-${suffix}`;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${crdName} }
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wdg${suffix}] }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;

const widget = (name: string, size: number) => `
apiVersion: ${group}/v1
kind: Widget
metadata:
  name: ${name}
  annotations: { ${LAST_APPLIED}: '{"spec":{"size":${size}}}', colour: blue }
spec: { size: ${size} }
`;

// No replicas: the suite needs the Deployment objects only, and pods named like other suites'
// would show up in their cross-namespace listings while this suite's namespaces terminate.
const deployment = (name: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, labels: { suite: resources-${suffix} } }
spec:
  replicas: 0
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: app, image: registry.example/app:1.0 }] }
`;

const labelNamespace = (name: string) =>
  applyManifest(`
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: { k8s-mcp-test: 'true', k8s-mcp-resources: '${suffix}' } }
`);

describe('generic resource tools (Streamable HTTP, real cluster)', () => {
  let ns: string;
  let hidden: string;
  let sut: RunningApp;
  let client: Client;

  beforeAll(async () => {
    [ns, hidden] = await Promise.all([createTestNamespace('mcp-res'), createTestNamespace('mcp-res-hidden')]);
    await Promise.all([labelNamespace(ns), labelNamespace(hidden)]);
    await applyManifest(deployment('catalog'), ns);
    await applyManifest(deployment('hideout'), hidden);
    await applyManifest(
      `
apiVersion: v1
kind: Secret
metadata: { name: creds, annotations: { ${LAST_APPLIED}: '{"stringData":{"password":"${secretValue}"}}' } }
type: Opaque
stringData: { password: ${secretValue}, user: admin }
`,
      ns,
    );
    await applyManifest(crd);
    // Objects of a new CRD are accepted once it is Established and its API is served.
    await expectEventually(
      async () => {
        await applyManifest(widget('small', 1), ns);
        await applyManifest(widget('large', 9), ns);
      },
      { timeoutMs: 30_000, description: `objects of ${crdName}` },
    );
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_NAMESPACE: ns,
      K8S_FORBIDDEN_NAMESPACES: hidden,
    });
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    try {
      await adminClients().objects.delete({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: crdName },
      });
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
    }
    await Promise.all([ns && deleteNamespace(ns), hidden && deleteNamespace(hidden)]);
  });

  it("k8s-list-resources lists deployments by kubectl's short name 'deploy'", async () => {
    const result = await call(client, 'k8s-list-resources', { kind: 'deploy' });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+AGE$/);
    expect(text).toMatch(/^catalog\s+0\/0\s+/m);
    expect(text).toContain(`1 deployments in namespace '${ns}'.`);
    const s = result.structuredContent as { kind: string; namespace: string; items: { name: string }[] };
    expect(s.kind).toBe('Deployment');
    expect(s.namespace).toBe(ns);
    expect(s.items.map((i) => i.name)).toEqual(['catalog']);
  });

  it('k8s-list-resources lists the objects of a CRD created a moment ago, by plural.group and short name', async () => {
    const result = await call(client, 'k8s-list-resources', { kind: crdName });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+AGE$/);
    expect(text).toMatch(/^large\s+\S+$/m);
    expect(text).toMatch(/^small\s+\S+$/m);
    expect((result.structuredContent as { kind: string; count: number }).kind).toBe('Widget');
    const byShortName = await call(client, 'k8s-list-resources', { kind: `wdg${suffix}`, output: 'name' });
    expect(textOf(byShortName).split('\n').slice(0, 2)).toEqual(['widget/large', 'widget/small']);
  });

  it('k8s-get-resource returns one object as yaml and as json, without managedFields or last-applied', async () => {
    const yaml = await call(client, 'k8s-get-resource', { kind: 'widget', name: 'large' });
    expect(yaml.isError).toBeFalsy();
    const text = textOf(yaml);
    expect(text).toMatch(new RegExp(`^apiVersion: ${group.replace(/\./g, '\\.')}/v1$`, 'm'));
    expect(text).toMatch(/^kind: Widget$/m);
    expect(text).toMatch(/^ {2}size: 9$/m);
    expect(text).toContain('colour: blue');
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain(LAST_APPLIED);

    const json = await call(client, 'k8s-get-resource', {
      kind: 'deployments.apps',
      name: 'catalog',
      output: 'json',
    });
    const parsed = JSON.parse(textOf(json)) as { kind: string; metadata: Record<string, unknown> };
    expect(parsed.kind).toBe('Deployment');
    expect(parsed.metadata.managedFields).toBeUndefined();
    const s = json.structuredContent as {
      kind: string;
      apiVersion: string;
      name: string;
      namespace: string;
      object: typeof parsed;
    };
    expect(s).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1', name: 'catalog', namespace: ns });
    expect(s.object).toEqual(parsed);
  });

  it('a Secret never shows its values, through get or list, only their sizes', async () => {
    const base64 = Buffer.from(secretValue).toString('base64');
    const results = [
      await call(client, 'k8s-get-resource', { kind: 'secret', name: 'creds' }),
      await call(client, 'k8s-get-resource', { kind: 'secret', name: 'creds', output: 'json' }),
      await call(client, 'k8s-list-resources', { kind: 'secrets', output: 'json' }),
      await call(client, 'k8s-list-resources', { kind: 'secrets', output: 'yaml' }),
      await call(client, 'k8s-list-resources', { kind: 'secrets' }),
    ];
    for (const result of results) {
      expect(result.isError).toBeFalsy();
      const everything = JSON.stringify(result);
      expect(everything).not.toContain(secretValue);
      expect(everything).not.toContain(base64);
      expect(everything).not.toContain(Buffer.from('admin').toString('base64'));
    }
    const bytes = secretValue.length;
    expect(textOf(results[0])).toContain(`password: <redacted, ${bytes} bytes>`);
    const got = results[1]!.structuredContent as { object: { data: Record<string, string> } };
    expect(got.object.data).toEqual({ password: `<redacted, ${bytes} bytes>`, user: '<redacted, 5 bytes>' });
    const listed = results[2]!.structuredContent as {
      items: { metadata: { name: string }; data: unknown }[];
    };
    expect(listed.items.find((i) => i.metadata.name === 'creds')?.data).toEqual(got.object.data);
    expect(textOf(results[4])).toMatch(/^creds\s+Opaque\s+2\s+\S+$/m);
  });

  it('refuses the forbidden namespace in both tools, and leaves it out of an "all" listing', async () => {
    // A hidden namespace answers exactly as a missing one (suggestions come from visible namespaces only).
    const denied = new RegExp(
      `^namespace '${hidden}' not found — (did you mean [^?]*\\? )?k8s-list-resources with kind "namespaces" lists the namespaces this server shows$`,
    );
    const list = await call(client, 'k8s-list-resources', { kind: 'deploy', namespace: hidden });
    expect(list.isError).toBe(true);
    expect(textOf(list)).toMatch(denied);
    const get = await call(client, 'k8s-get-resource', {
      kind: 'deploy',
      name: 'hideout',
      namespace: hidden,
    });
    expect(get.isError).toBe(true);
    expect(textOf(get)).toMatch(denied);
    expect(`${textOf(list)}\n${textOf(get)}`).not.toMatch(new RegExp(`did you mean[^?]*'${hidden}'`));

    const all = await call(client, 'k8s-list-resources', {
      kind: 'deployments',
      namespace: 'all',
      labelSelector: `suite=resources-${suffix}`,
    });
    const text = textOf(all);
    expect(text.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+/);
    expect(text).toMatch(new RegExp(`^${ns}\\s+catalog\\s+`, 'm'));
    expect(text).not.toContain(hidden);
    expect(text).not.toContain('hideout');
    expect(text).toContain('Objects of 1 namespace(s) hidden by the server policy were left out.');
  });

  it('kind namespaces leaves the forbidden namespace out, and its Namespace object is refused', async () => {
    const result = await call(client, 'k8s-list-resources', { kind: 'ns', labelSelector: runLabel });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text).toMatch(new RegExp(`^${ns}\\s+Active\\s+\\S+$`, 'm'));
    expect(text).not.toContain(hidden);
    expect((result.structuredContent as { count: number }).count).toBe(1);

    const visible = await call(client, 'k8s-get-resource', { kind: 'namespace', name: ns });
    expect(visible.isError).toBeFalsy();
    expect(visible.structuredContent).toMatchObject({ kind: 'Namespace', name: ns });
    const refused = await call(client, 'k8s-get-resource', { kind: 'namespace', name: hidden });
    expect(refused.isError).toBe(true);
    // The same answer as for a namespace that does not exist, name for name.
    const missingName = hidden.replace(/[0-9a-f]{8}$/, '00000000');
    const missing = await call(client, 'k8s-get-resource', { kind: 'namespace', name: missingName });
    expect(textOf(refused)).toContain(`'${hidden}'`);
    expect(textOf(refused).replaceAll(hidden, missingName)).toBe(textOf(missing));
  });

  it('a cluster-scoped kind ignores the namespace argument and says so', async () => {
    const result = await call(client, 'k8s-list-resources', {
      kind: 'ns',
      namespace: ns,
      labelSelector: runLabel,
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(
      /^\(namespaces are cluster-scoped: the namespace argument was ignored\)\n/,
    );
  });

  it('a missing object is reported with kind, name, namespace and similar names', async () => {
    const result = await call(client, 'k8s-get-resource', { kind: 'widgets', name: 'larg' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `failed to get widget 'larg' in namespace '${ns}': not found — the namespace has widgets 'large'`,
    );
  });

  it('an unknown kind is refused naming close matches', async () => {
    for (const [tool, args] of [
      ['k8s-list-resources', { kind: 'deploymnets' }],
      ['k8s-get-resource', { kind: 'deploymnets', name: 'catalog' }],
    ] as const) {
      const result = await call(client, tool, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        /^kind: 'deploymnets' is not a resource kind this cluster serves — did you mean deployments\.apps/,
      );
    }
  });
});
