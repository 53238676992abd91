// npm run demo: start the local control plane (test/cluster/up.sh, reused when already running),
// apply the sample application (config/samples), wait until it has settled, then run the MCP server
// over HTTP against it and print how to connect a client. Ctrl-C stops the server (the cluster keeps
// running; `npm run cluster:down` stops it).
//
// Options: --no-server (apply and wait only), --timeout <seconds> (settle timeout, default 180).
// Environment: K8S_MCP_CLUSTER_DIR (cluster state dir, default .cluster), K8S_MCP_DEMO_PORT (8766).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { applySamples, waitForSamples } from './lib/samples.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const noServer = args.includes('--no-server');
const timeoutArg = args.indexOf('--timeout');
const timeoutS = timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 180;
const port = Number(process.env.K8S_MCP_DEMO_PORT ?? 8766);
const t0 = Date.now();
const stamp = () => `[demo ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`;
const say = (msg) => console.log(`${stamp()} ${msg}`);

function fail(msg) {
  console.error(`${stamp()} ERROR ${msg}`);
  process.exit(1);
}

/** Runs test/cluster/up.sh (its log on stderr passes through) and returns the kubeconfig path it prints. */
function clusterUp() {
  return new Promise((done, reject) => {
    const child = spawn('bash', [resolve(root, 'test/cluster/up.sh')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`test/cluster/up.sh failed (${signal ?? `exit ${code}`})`));
      const path = out.trim().split('\n').pop() ?? '';
      done(isAbsolute(path) ? path : resolve(root, path));
    });
  });
}

async function waitHealthy(url, child, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && child.exitCode === null) {
    try {
      const res = await globalThis.fetch(url);
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  return false;
}

function printConnectHelp(kubeconfig) {
  const base = `http://localhost:${port}`;
  const claude = {
    mcpServers: {
      // The bin by its absolute path: the client starts it in its own working directory.
      'k8s-mcp': {
        command: resolve(root, 'bin', 'k8s-mcp.js'),
        args: ['--transport', 'stdio', '--kubeconfig', resolve(kubeconfig)],
      },
    },
  };
  console.log(`
k8s-mcp is running against the demo cluster.

  MCP, Streamable HTTP:  ${base}/mcp
  MCP, legacy SSE:       ${base}/sse   (messages: ${base}/messages)
  Health:                ${base}/health

  Claude Code (HTTP):    claude mcp add --transport http k8s-mcp ${base}/mcp
  Claude Desktop / Claude Code (stdio), e.g. in claude_desktop_config.json or .mcp.json:
${JSON.stringify(claude, null, 2)
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}

  Things to ask about: the shop, data and ops namespaces; what is wrong in the cluster (a pod in
  CrashLoopBackOff, one in ImagePullBackOff, one OOMKilled, one Unschedulable, a Service without
  endpoints, an Ingress with a missing backend).

Ctrl-C stops the server; the cluster keeps running (npm run cluster:down stops it).
`);
}

say('starting the local control plane (test/cluster/up.sh; reused if already running)');
let kubeconfig;
try {
  kubeconfig = await clusterUp();
} catch (err) {
  fail(err.message);
}
if (!existsSync(kubeconfig)) fail(`kubeconfig not found at ${kubeconfig}`);
const shown = (p) => (p.startsWith(root) ? relative(root, p) : p);
say(`cluster ready, kubeconfig ${shown(kubeconfig)}`);

const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);

say('applying config/samples (server-side apply, idempotent)');
try {
  await applySamples(kc, { log: (m) => say(`  ${m}`) });
} catch (err) {
  fail(err.message);
}

say(`waiting for the samples to settle (timeout ${timeoutS} s)`);
try {
  const { elapsedMs } = await waitForSamples(kc, {
    timeoutMs: timeoutS * 1000,
    onProgress: (r) =>
      say(`  ${r.kind === 'broken' ? 'broken as intended' : 'ok                '}  ${r.name} (${r.detail})`),
  });
  say(`samples settled in ${(elapsedMs / 1000).toFixed(1)} s`);
} catch (err) {
  fail(err.message);
}

if (noServer) process.exit(0);

const main = resolve(root, 'dist/main.js');
if (!existsSync(main)) fail('dist/main.js is missing: run `npm run build` (npm run demo does it)');
const serverArgs = [main, '--transport', 'http', '--port', String(port), '--kubeconfig', kubeconfig];
say(`starting the server: node ${serverArgs.map(shown).join(' ')}`);
// Own process group: a terminal Ctrl-C reaches only this script, which forwards it exactly once.
const child = spawn(process.execPath, serverArgs, { cwd: root, stdio: 'inherit', detached: true });
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopping = true;
    if (child.exitCode === null) child.kill(sig);
  });
}
// Never leave the detached server behind, whatever ends this script.
process.on('exit', () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});
child.on('error', (err) => fail(`server failed to start: ${err.message}`));
child.on('exit', (code, signal) => {
  say(`server exited (${signal ?? `code ${code}`})`);
  process.exit(stopping ? 0 : (code ?? 1));
});

if (await waitHealthy(`http://localhost:${port}/health`, child, 60_000)) {
  printConnectHelp(kubeconfig);
} else if (child.exitCode === null) {
  say(`warning: http://localhost:${port}/health did not answer 200 within 60 s`);
}
