// The two peers this bench compares against, pinned, and how each one is asked the same questions.
// They are installed from npm into a scratch folder (.bench-peers/, git-ignored), never as project
// dependencies: the bench must not change what the project ships or what CI installs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Pinned so that a rerun compares against the same code; bump deliberately and say so in the docs. */
export const PINS = Object.freeze({
  'kubernetes-mcp-server': '0.0.67', // Go binary in a per-platform optional dependency
  'mcp-server-kubernetes': '4.1.7', // TypeScript; runs kubectl per call
});

const installedVersion = (dir, name) => {
  const pj = path.join(dir, 'node_modules', name, 'package.json');
  return existsSync(pj) ? JSON.parse(readFileSync(pj, 'utf8')).version : undefined;
};

/** Installs the pinned versions into `dir` unless they are already there; returns how long it took. */
export function ensurePeersInstalled(dir, log) {
  const missing = Object.entries(PINS).filter(([name, v]) => installedVersion(dir, name) !== v);
  if (missing.length === 0) return { installed: false, ms: 0 };
  mkdirSync(dir, { recursive: true });
  // A package.json of its own, so that npm does not walk up and install into the project.
  const deps = Object.fromEntries(Object.entries(PINS));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'k8s-mcp-bench-peers', private: true, dependencies: deps }, null, 2) + '\n',
  );
  log(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into ${dir}`);
  const t0 = Date.now();
  // --ignore-scripts: nothing of the peers runs at install time (none needs it: the Go binary comes
  // as a plain file in its platform package).
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 10 * 60_000,
  });
  if (r.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${r.status ?? r.signal})`);
  for (const [name, v] of Object.entries(PINS))
    if (installedVersion(dir, name) !== v) throw new Error(`${name}@${v} not installed in ${dir}`);
  return { installed: true, ms: Date.now() - t0 };
}

/** Path of the Go server's binary: the file the npm wrapper would exec (we skip the wrapper's Node start). */
function goBinary(dir) {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  const os = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform];
  const pkg = `kubernetes-mcp-server-${os}-${arch}`;
  const req = createRequire(path.join(dir, 'package.json'));
  return req.resolve(`${pkg}/bin/${pkg}${process.platform === 'win32' ? '.exe' : ''}`);
}

/**
 * The three servers. `stdio(kubeconfig)` gives the command line; `ask` maps each question to the
 * server's own tool and arguments (chosen from its tools/list: the tool a model would pick).
 * q = { namespace, pod } names the objects asked about.
 */
export function serverSpecs({ root, peersDir, node, kubeconfig }) {
  return [
    {
      id: 'k8s-mcp',
      label: 'this server',
      version: JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version,
      // One page holds the whole namespace (the default page is 100): the question is "all pods".
      env: { K8S_MAX_RESOURCES: '2000' },
      stdio: {
        cmd: node,
        args: [path.join(root, 'dist', 'main.js'), '--transport', 'stdio', '--kubeconfig', kubeconfig],
      },
      http: (port) => ({
        cmd: node,
        args: [
          path.join(root, 'dist', 'main.js'),
          '--transport',
          'http',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--kubeconfig',
          kubeconfig,
        ],
        health: `http://127.0.0.1:${port}/health`,
        mcp: `http://127.0.0.1:${port}/mcp`,
      }),
      ask: {
        pods: (q) => ['k8s-get-pods', { namespace: q.namespace }],
        events: (q) => ['k8s-get-events', { namespace: q.namespace }],
        deployments: (q) => ['k8s-get-deployments', { namespace: q.namespace }],
        describe: (q) => ['k8s-describe-pod', { namespace: q.namespace, name: q.pod }],
      },
    },
    {
      id: 'go',
      label: 'kubernetes-mcp-server (Go)',
      version: PINS['kubernetes-mcp-server'],
      env: {},
      stdio: { cmd: goBinary(peersDir), args: ['--kubeconfig', kubeconfig] },
      http: (port) => ({
        cmd: goBinary(peersDir),
        args: ['--kubeconfig', kubeconfig, '--port', String(port), '--bind-address', '127.0.0.1'],
        health: `http://127.0.0.1:${port}/healthz`,
        mcp: `http://127.0.0.1:${port}/mcp`,
      }),
      ask: {
        pods: (q) => ['pods_list_in_namespace', { namespace: q.namespace }],
        events: (q) => ['events_list', { namespace: q.namespace }],
        deployments: (q) => [
          'resources_list',
          { apiVersion: 'apps/v1', kind: 'Deployment', namespace: q.namespace },
        ],
        // It has no describe tool; pods_get (the pod as YAML) is the closest.
        describe: (q) => ['pods_get', { namespace: q.namespace, name: q.pod }],
      },
    },
    {
      id: 'ts',
      label: 'mcp-server-kubernetes (TS)',
      version: PINS['mcp-server-kubernetes'],
      // It reads the kubeconfig from KUBECONFIG and runs `kubectl` from PATH.
      env: { KUBECONFIG: kubeconfig },
      stdio: {
        cmd: node,
        args: [path.join(peersDir, 'node_modules', 'mcp-server-kubernetes', 'dist', 'index.js')],
      },
      http: null, // stdio only in its default mode
      ask: {
        pods: (q) => ['kubectl_get', { resourceType: 'pods', namespace: q.namespace }],
        events: (q) => ['kubectl_get', { resourceType: 'events', namespace: q.namespace }],
        deployments: (q) => ['kubectl_get', { resourceType: 'deployments', namespace: q.namespace }],
        describe: (q) => ['kubectl_describe', { resourceType: 'pod', namespace: q.namespace, name: q.pod }],
      },
    },
  ];
}
