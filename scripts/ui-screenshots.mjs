// Screenshots of each console page (docs/ui/*.png) and the pages' weight and first contentful
// paint, measured by Chromium itself (Resource Timing, Paint Timing), printed as a Markdown table
// for docs/benchmarks.md. Not run by the tests (they must not write tracked files).
//
//   npm run build && node scripts/ui-screenshots.mjs --samples
//       starts dist/main.js against the local control plane, then applies the sample application
//       (config/samples) under a name prefix of its own, so the Changes page has its creation to
//       show; makes a few MCP calls (one refused) for the Audit page; deletes the samples after.
//   K8S_MCP_TOKEN=… node scripts/ui-screenshots.mjs --url http://127.0.0.1:8766 [--graph Deployment/shop/frontend]
//       an already running server (the demo: npm run demo).
//
// Options: --out <dir> (default docs/ui), --runs <n> cold loads per page for the figures
// (default 3, median shown), --no-screenshots. Chromium: /usr/bin/chromium or K8S_MCP_CHROMIUM.
/* global URLSearchParams, sessionStorage, performance, document */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium } from 'playwright-core';
import { applySamples, deleteSamples, waitForSamples } from './lib/samples.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const CHROMIUM = process.env.K8S_MCP_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--headless=new'];
const out = resolve(root, opt('--out', 'docs/ui'));
const runs = Number(opt('--runs', '3'));
const screenshots = !args.includes('--no-screenshots');
const t0 = Date.now();
const say = (msg) =>
  process.stderr.write(`[ui-screenshots ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

function fail(msg) {
  process.stderr.write(`ui-screenshots: ${msg}\n`);
  process.exit(1);
}

if (!existsSync(CHROMIUM))
  fail(`no chromium at ${CHROMIUM} (apt-get install chromium, or set K8S_MCP_CHROMIUM)`);
if (!args.includes('--samples') && !opt('--url'))
  fail('give --samples (start a server on the sample application) or --url <server> with K8S_MCP_TOKEN');

function freePort() {
  return new Promise((done, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** dist/main.js on a free port, only the samples' namespaces visible, a token of its own. */
async function startServer(kubeconfig, namespaces, token) {
  const main = join(root, 'dist/main.js');
  if (!existsSync(main)) fail('no dist/main.js: run npm run build first');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-ui-shots-'));
  const child = spawn(process.execPath, [main], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      KUBECONFIG_PATH: kubeconfig,
      K8S_MCP_TRANSPORT: 'http',
      K8S_MCP_HOST: '127.0.0.1',
      K8S_MCP_PORT: String(port),
      K8S_MCP_AUTH_TOKENS: `reviewer:${token}`,
      K8S_ALLOWED_NAMESPACES: namespaces.join(','),
      K8S_NAMESPACE: namespaces[0],
      K8S_AUDIT_LOG_PATH: join(dir, 'audit.log'),
      LOG_DIR: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) fail(`the server exited with ${child.exitCode}`);
    const res = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (res?.status === 200)
      return { url, stop: () => (child.kill('SIGTERM'), rmSync(dir, { recursive: true, force: true })) };
    await sleep(500);
  }
  child.kill('SIGTERM');
  fail('the server did not become ready within 60 s');
}

/** Calls for the Audit page: ordinary reads, one refused (a namespace outside the allow-list), one invalid. */
async function someCalls(url, token, namespaces) {
  const client = new Client({ name: 'ui-screenshots', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  const [shop, data] = namespaces;
  for (const [name, a] of [
    ['k8s-get-pods', { namespace: shop }],
    ['k8s-get-deployments', { namespace: shop }],
    ['k8s-cluster-summary', { summary_type: 'anomalies' }],
    ['k8s-get-pods', { namespace: 'kube-system' }],
    ['k8s-get-logs', { namespace: data, pod_name: 'no-such-pod' }],
    ['k8s-get-pods', { namespace: 'Not A Namespace' }],
    ['k8s-what-changed', { namespace: shop, sinceMinutes: 30 }],
  ])
    await client.callTool({ name, arguments: a }).catch(() => undefined);
  await client.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  let url = opt('--url');
  let token = process.env.K8S_MCP_TOKEN ?? '';
  let graph = opt('--graph', 'Deployment/shop/frontend');
  let cleanup = async () => undefined;
  if (args.includes('--samples')) {
    const kubeconfig = resolve(
      root,
      process.env.K8S_MCP_TEST_KUBECONFIG ??
        join(process.env.K8S_MCP_CLUSTER_DIR ?? '.cluster', 'kubeconfig'),
    );
    if (!existsSync(kubeconfig))
      fail(`no kubeconfig at ${kubeconfig}: start the control plane (npm run cluster:up)`);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const prefix = `shots-${randomBytes(2).toString('hex')}-`;
    const ns = { shop: `${prefix}shop`, data: `${prefix}data`, ops: `${prefix}ops` };
    token = randomBytes(16).toString('hex');
    const server = await startServer(kubeconfig, [ns.shop, ns.data, ns.ops], token);
    url = server.url;
    say(`server at ${url}; applying the samples under ${prefix}`);
    cleanup = async () => {
      server.stop();
      say('deleting the samples');
      await deleteSamples(kc, { prefix, wait: false });
    };
    try {
      await applySamples(kc, { prefix });
      const settled = await waitForSamples(kc, { prefix, timeoutMs: 180_000 });
      say(`samples settled in ${(settled.elapsedMs / 1000).toFixed(0)} s`);
      // The Unschedulable pod is reported after 30 s, and the health history gets a few samples.
      await sleep(35_000);
      await someCalls(url, token, [ns.shop, ns.data]);
    } catch (err) {
      await cleanup();
      throw err;
    }
    graph = `Deployment/${ns.shop}/frontend`;
  }
  if (!token)
    fail('K8S_MCP_TOKEN is empty: the console needs a token of the server (any text when it has none)');
  const [gKind, gNs, gName] = graph.split('/');
  const pages = [
    ['health', 'health', '[data-testid=health-score]'],
    // The status lines are filled once the page's data has arrived (an empty log or timeline too).
    ['audit', 'audit', '#audit-status:not(:empty)'],
    ['anomalies', 'anomalies', '#page h1'],
    ['changes', 'changes?since=30m', '#changes-status:not(:empty)'],
    ['graph', `graph?${new URLSearchParams({ kind: gKind, namespace: gNs, name: gName })}`, '#cy canvas'],
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const version = browser.version();
  const rows = [];
  try {
    if (screenshots) mkdirSync(out, { recursive: true });
    for (const [name, hash, ready] of pages) {
      const samples = [];
      for (let run = 0; run < runs; run++) {
        // A new context each time: a cold cache, as on a first visit.
        const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
        await context.addInitScript((t) => sessionStorage.setItem('k8s-mcp-console-token', t), token);
        const page = await context.newPage();
        const bodies = { page: 0, data: 0, requests: 0 };
        page.on('response', async (res) => {
          const body = await res.body().catch(() => Buffer.alloc(0));
          bodies.requests++;
          bodies[res.url().includes('/ui/api/') ? 'data' : 'page'] += body.length;
        });
        await page.goto(`${url}/ui#${hash}`);
        await page.waitForSelector(`${ready}, #page p.error`, { timeout: 30_000 });
        const error = await page.locator('#page p.error').allInnerTexts();
        if (error.length)
          throw new Error(`${name} page: ${error.join(' ')} (is --graph an object of the server?)`);
        // Cytoscape draws after its layout: give it a frame or two before the picture.
        await page.waitForTimeout(name === 'graph' ? 800 : 200);
        const timing = await page.evaluate((sel) => {
          const paint = performance
            .getEntriesByType('paint')
            .find((e) => e.name === 'first-contentful-paint');
          const nav = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource');
          return {
            fcp: paint?.startTime,
            transfer: (nav?.transferSize ?? 0) + resources.reduce((n, r) => n + r.transferSize, 0),
            ready: document.querySelector(sel) ? performance.now() : undefined,
          };
        }, ready);
        samples.push({ ...timing, ...bodies });
        if (screenshots && run === runs - 1) await page.screenshot({ path: join(out, `${name}.png`) });
        await context.close();
      }
      rows.push({
        name,
        fcp: median(samples.map((s) => s.fcp)),
        page: median(samples.map((s) => s.page)),
        data: median(samples.map((s) => s.data)),
        transfer: median(samples.map((s) => s.transfer)),
        requests: median(samples.map((s) => s.requests)),
      });
      say(`${name}: done`);
    }
  } finally {
    await browser.close();
    await cleanup();
  }
  console.log(`| page | requests | page files | data (/ui/api) | transferred | first contentful paint |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.requests} | ${kb(r.page)} | ${kb(r.data)} | ${kb(r.transfer)} | ${r.fcp?.toFixed(0)} ms |`,
    );
  console.log(`\n(median of ${runs} cold loads each; Chromium ${version})`);
}

main().catch((err) => {
  process.stderr.write(`ui-screenshots: ${err.message ?? err}\n`);
  process.exit(1);
});
