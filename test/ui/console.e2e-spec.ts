// The web console in a real Chromium (Debian's chromium, driven by playwright-core) against the
// server in-process, on the shared control plane: a small app (Deployment web with its ReplicaSet,
// pods, ConfigMap and Service, and a crash-looping Deployment payment) in a test namespace, and a
// forbidden canary namespace holding a broken app of its own. Every /ui/api answer the page
// fetched, and every page's text, is searched for the canary's names.
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp } from '../helpers/mcp-app.js';
import { GraphService } from '../../src/graph/graph.service.js';
import { NamespacePolicy } from '../../src/security/namespace-policy.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';

/** Debian's chromium (.ci/run installs it). Missing, the suite fails: a skipped browser test proves nothing. */
const CHROMIUM = process.env.K8S_MCP_CHROMIUM ?? '/usr/bin/chromium';
/** Chromium runs as root in CI: no sandbox then; and nothing but the page's own requests. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--headless=new'];

const ALICE = `alice-${randomBytes(8).toString('hex')}`;
const BOB = `bob-${randomBytes(8).toString('hex')}`;
/** In the canary's object names: appearing anywhere on a page means a leak. */
const CANARY_OBJECTS = `canaryleak${randomBytes(3).toString('hex')}`;

const app = `
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config }
data: { level: info }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: web
        image: registry.example/web:1.0
        envFrom: [{ configMapRef: { name: web-config } }]
`;

const service = `
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`;

/** A Deployment whose pod KWOK drives into CrashLoopBackOff (test/cluster/kwok-stages). */
const crashing = (name: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, k8s-mcp.demo/simulate: crashloop } }
    spec: { containers: [{ name: main, image: registry.example/${name}:1.0 }] }
`;

describe('web console in Chromium', () => {
  let ns: string;
  let canary: string;
  let sut: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let alice: Client;
  let bob: Client;
  /** Every /ui/api answer any page fetched: url and body. */
  const fetched: { url: string; body: string }[] = [];
  /** Text of every page shown, for the canary check. */
  const shown: { what: string; text: string }[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does) or set K8S_MCP_CHROMIUM`,
      );
    [ns, canary] = await Promise.all([createTestNamespace('console'), createTestNamespace('console-canary')]);
    // The Service comes after the server starts, and the ConfigMap changes: the Changes page has
    // something to show (the journal records what happens while the server watches).
    await applyManifest(app + '---' + crashing('payment'), ns);
    await applyManifest(
      `
apiVersion: v1
kind: ConfigMap
metadata: { name: ${CANARY_OBJECTS}-config }
data: { secret-ish: value }
---
apiVersion: v1
kind: Service
metadata: { name: ${CANARY_OBJECTS}-svc }
spec: { selector: { app: ${CANARY_OBJECTS}-app }, ports: [{ port: 80 }] }
---
${crashing(`${CANARY_OBJECTS}-app`)}`,
      canary,
    );
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_NAMESPACE: ns,
      K8S_FORBIDDEN_NAMESPACES: canary,
      K8S_MCP_AUTH_TOKENS: `alice:${ALICE},bob:${BOB}`,
    });
    const registry = sut.app.get(InformerRegistry);
    registry.start();
    [browser] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      registry.ready(),
    ]);
    await applyManifest(service, ns);
    await applyManifest(
      `{ apiVersion: v1, kind: ConfigMap, metadata: { name: web-config }, data: { level: debug } }`,
      ns,
    );
    const graph = sut.app.get(GraphService);
    await expectEventually(
      () => {
        expect(graph.names('Service', ns)).toEqual(['web']);
        expect(graph.names('Pod', ns).filter((n) => n.startsWith('web-'))).toHaveLength(2);
        expect(graph.names('Pod', ns).filter((n) => n.startsWith('payment-'))).toHaveLength(1);
      },
      { timeoutMs: 30_000, description: 'the app in the graph' },
    );
    // Calls for the audit page: alice's and bob's, some into the canary (refused: denied).
    alice = await connectClient(sut.url, { authorization: `Bearer ${ALICE}` });
    bob = await connectClient(sut.url, { authorization: `Bearer ${BOB}` });
    for (const client of [alice, bob]) {
      await call(client, 'k8s-get-pods', { namespace: ns });
      await call(client, 'k8s-get-pods', { namespace: canary });
    }
    await call(alice, 'k8s-get-services', { namespace: canary });
    await call(alice, 'k8s-get-deployments', { namespace: canary });
    await call(bob, 'k8s-get-events', { namespace: canary });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await alice?.close();
    await bob?.close();
    await sut?.close();
    await Promise.all([ns && deleteNamespace(ns), canary && deleteNamespace(canary)]);
  });

  /** A fresh tab (own session storage) that records every /ui/api answer. */
  async function newPage(): Promise<Page> {
    context = await browser.newContext();
    const p = await context.newPage();
    p.on('response', (res) => {
      if (!res.url().includes('/ui/api/')) return;
      void res
        .text()
        .then((body) => fetched.push({ url: res.url(), body }))
        .catch(() => undefined);
    });
    return p;
  }

  async function signIn(p: Page, token: string): Promise<void> {
    await p.goto(`${sut.url}/ui`);
    await p.fill('#token', token);
    await p.click('#login-form button[type=submit]');
  }

  /** Opens a page of the console by its hash and waits for `ready`; records the page's text. */
  async function open(hash: string, ready: string): Promise<string> {
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    // The page's own error line (an API error) ends the wait too, and fails with its text.
    await page.waitForSelector(`${ready}, #page p.error`, { timeout: 15_000 });
    const error = await page.locator('#page p.error').allInnerTexts();
    if (error.length) throw new Error(`#${hash}: the page says ${error.join(' ')}`);
    const text = await page.innerText('body');
    shown.push({ what: hash, text });
    return text;
  }

  /** The audit file's lines as the console must show them: masked by the server's own policy. */
  function auditLines(): Record<string, unknown>[] {
    const policy = sut.app.get(NamespacePolicy);
    return readFileSync(sut.auditPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(policy.maskText(l)) as Record<string, unknown>);
  }

  it('signs in with a token and shows the health score', async () => {
    page = await newPage();
    await signIn(page, ALICE);
    await page.waitForSelector('[data-testid=health-score]');
    await expect(page.innerText('#who')).resolves.toBe('alice');
    const score = await page.innerText('[data-testid=health-score]');
    expect(Number(score)).toBeGreaterThanOrEqual(0);
    expect(Number(score)).toBeLessThanOrEqual(100);
    expect(await page.innerText('[data-testid=health-band]')).toMatch(
      /^(excellent|good|warning|critical|emergency)$/,
    );
    expect(await page.locator('[data-testid=sync-kinds] tr').count()).toBeGreaterThan(5);
    shown.push({ what: 'health', text: await page.innerText('body') });
    // The token is in this tab's session storage only: no cookie.
    expect(await context.cookies()).toEqual([]);
  });

  it('refuses a wrong token', async () => {
    const other = await browser.newContext();
    const p = await other.newPage();
    const statuses: number[] = [];
    p.on('response', (res) => {
      if (res.url().includes('/ui/api/')) statuses.push(res.status());
    });
    try {
      await signIn(p, `${ALICE}x`);
      await p.locator('#login-error', { hasText: /^Token refused\.$/ }).waitFor();
      expect(await p.isVisible('#nav')).toBe(false);
      expect(statuses).toEqual([401]);
      expect(await p.innerText('#page')).toBe('');
    } finally {
      await other.close();
    }
  });

  it("filters the audit log to one token's denied calls: exactly the file's lines, newest first", async () => {
    await open('audit', '#audit-filters');
    // The status line of the unfiltered page is marked, so the wait below sees the filtered one.
    await page.evaluate(`document.getElementById('audit-status').setAttribute('data-old', '')`);
    await page.fill('#audit-filters input[name=identity]', 'alice');
    await page.selectOption('#audit-filters select[name=outcome]', 'denied');
    await page.click('#audit-filters button[type=submit]');
    // Locators, not waitForFunction: its polling evaluates a string, which the page's CSP forbids.
    await page
      .locator('#audit-status:not([data-old])', { hasText: 'start of the log reached' })
      .waitFor({ timeout: 15_000 });
    expect(await page.evaluate('location.hash')).toBe('#audit?identity=alice&outcome=denied');
    const want = auditLines()
      .filter((r) => r.identity === 'alice' && r.outcome === 'denied')
      .reverse();
    expect(want.map((r) => r.tool)).toEqual(['k8s-get-deployments', 'k8s-get-services', 'k8s-get-pods']);
    const rows = page.locator('[data-testid=audit-row]');
    expect(await rows.count()).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(cells.slice(0, 5)).toEqual([
        want[i]!.time,
        'alice',
        want[i]!.tool,
        'denied',
        (want[i]!.namespaces as string[]).join(', '),
      ]);
      // Expanded, the row shows the whole record, masked as the file's line is.
      await rows.nth(i).click();
      const detail = page.locator('tr.detail').nth(i);
      expect(JSON.parse(await detail.innerText())).toEqual(want[i]);
    }
    const text = await page.innerText('body');
    expect(text).toContain('<hidden namespace>');
    shown.push({ what: 'audit alice denied', text });
    // The export holds the same lines (masked), as JSON lines.
    const exported = await page.evaluate(async (token) => {
      const res = await fetch('/ui/api/audit/export?identity=alice&outcome=denied', {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.text();
    }, ALICE);
    expect(
      exported
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(want);
    fetched.push({ url: 'audit/export', body: exported });
  });

  it('opens the Deployment in the graph: its ReplicaSet, pods, ConfigMap and Service, and walks on a click', async () => {
    const q = new URLSearchParams({ kind: 'Deployment', namespace: ns, name: 'web' });
    await open(`graph?${q}`, '[data-testid=graph-nodes] li');
    const items = await page
      .locator('[data-testid=graph-nodes] li')
      .evaluateAll((lis) =>
        lis.map((li) => `${li.getAttribute('data-kind')} ${li.getAttribute('data-name')}`),
      );
    expect(items.filter((i) => /^ReplicaSet web-[a-z0-9]+$/.test(i))).toHaveLength(1);
    expect(items.filter((i) => /^Pod web-[a-z0-9]+-[a-z0-9]+$/.test(i))).toHaveLength(2);
    expect(items).toEqual(expect.arrayContaining(['Deployment web', 'ConfigMap web-config', 'Service web']));
    // Drawn by cytoscape: one node per object listed.
    await page.waitForSelector('#cy canvas');
    expect(await page.evaluate('window.__cy.nodes().length')).toBe(items.length);
    // Click to walk: the ConfigMap becomes the root.
    await page.click('[data-testid=graph-nodes] li[data-kind=ConfigMap][data-name=web-config] a');
    await page.waitForURL(/#graph\?kind=ConfigMap/);
    await page.waitForSelector('[data-testid=graph-nodes] li[data-kind=Pod]');
    shown.push({ what: 'graph ConfigMap', text: await page.innerText('body') });
  });

  it("shows the app's broken workload on the anomalies page, linked to its object", async () => {
    await expectEventually(
      async () => {
        await open(`anomalies?namespace=${ns}`, '#page h1');
        const rows = await page.locator('[data-testid=finding]').allInnerTexts();
        const crash = rows.find((r) => /CrashLoopBackOff/.test(r) && r.includes(`Pod ${ns}/payment-`));
        // The crash is the cause; the Deployment it takes down is listed under it, not a row of its own.
        if (!crash?.includes(`Deployment ${ns}/payment`))
          throw new Error(`findings shown: ${rows.join(' | ') || 'none'}`);
        return page.innerText('body');
      },
      { timeoutMs: 45_000, intervalMs: 2000, description: 'the crash loop on the anomalies page' },
    );
    const link = page.locator(`[data-testid=finding] a[href*="name=payment"]`).first();
    expect(await link.getAttribute('href')).toContain('#graph?kind=');
    // Cluster-wide too: the canary's crash loop is not among them.
    await open('anomalies', '#page h1');
  });

  it("shows the namespace's changes on the Changes page", async () => {
    const text = await open(`changes?namespace=${ns}&since=30m`, '[data-testid=change-row]');
    const rows = await page.locator('[data-testid=change-row]').allInnerTexts();
    expect(rows.find((r) => r.includes(`created\tService ${ns}/web\t`))).toBeDefined();
    expect(rows.find((r) => r.includes(`updated\tConfigMap ${ns}/web-config\t`))).toMatch(/data changed/);
    expect(text).toContain(`change(s) since`);
    await open('changes?since=30m', '#changes-status');
  });

  it('shows nothing of the forbidden namespace on any page, nor in any answer the pages fetched', async () => {
    // The remaining views: the unfiltered audit log and a text search for the canary.
    await open('audit', '[data-testid=audit-row]');
    await open(`audit?text=${canary}`, '#audit-status');
    expect(await page.locator('[data-testid=audit-row]').count()).toBe(0);
    await open(`audit?namespace=${canary}`, '#audit-status');
    expect(await page.locator('[data-testid=audit-row]').count()).toBe(0);
    await open('health', '[data-testid=health-score]');
    // Let the last responses' bodies arrive.
    await new Promise((r) => setTimeout(r, 200));
    const pages = new Set(shown.map((s) => s.what.split('?')[0]));
    expect([...pages]).toEqual(
      expect.arrayContaining(['health', 'audit', 'audit alice denied', 'graph', 'anomalies', 'changes']),
    );
    expect(fetched.length).toBeGreaterThan(10);
    const leaks = [
      ...shown
        .filter((s) => s.text.includes(canary) || s.text.includes(CANARY_OBJECTS))
        .map((s) => `page ${s.what}`),
      ...fetched
        .filter((f) => !f.url.includes(encodeURIComponent(canary)) && !f.url.includes(canary))
        .filter((f) => f.body.includes(canary) || f.body.includes(CANARY_OBJECTS))
        .map((f) => `answer ${f.url}`),
    ];
    expect(leaks).toEqual([]);
    // The two filtered audit answers echo only the filter the person typed; their lines are none.
    for (const f of fetched.filter((x) => x.url.includes(canary)))
      expect(JSON.parse(f.body)).toMatchObject({ lines: [] });
    // The canary's objects exist and are broken: had the policy not applied, they would be listed.
    // The pages' data came through the tools, audited as the signed-in token's calls.
    const consoleCalls = auditLines().filter((r) => r.transport === 'console');
    expect(new Set(consoleCalls.map((r) => `${r.identity} ${r.tool}`))).toEqual(
      new Set(['alice k8s-cluster-summary', 'alice k8s-relation-query', 'alice k8s-what-changed']),
    );
    const pods = (await adminClients().core.listNamespacedPod({ namespace: canary })).items;
    expect(pods.map((p) => p.metadata?.name)).toEqual([expect.stringMatching(`^${CANARY_OBJECTS}-app-`)]);
  });
});
