#!/usr/bin/env node
// Issue 11's adversarial corpus, the full product: test/security/namespace-leaks.e2e-spec.ts with
// every generated call (hostile namespace and name strings × every tool × every string argument ×
// every output format × `fresh` × kinds, every resource and prompt) under a deny-list and under an
// allow-list, instead of the fixed-seed sample npm test runs. Same generator
// (test/factories/hostile-names.ts), same assertions.
//
//   node bench/leak-corpus.mjs            # the full product (tens of minutes on 2 cores)
//   node bench/leak-corpus.mjs --sample=5000 [--seed=N]
//
// Kubeconfig: $K8S_MCP_TEST_KUBECONFIG (default .cluster/kubeconfig), as for the e2e suites.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sample = arg('sample');
const seed = arg('seed') ?? String(Math.floor(Math.random() * 2 ** 31));
process.stderr.write(`[leak-corpus] ${sample ? `${sample} sampled calls, seed ${seed}` : 'full product'}\n`);
const started = Date.now();
const r = spawnSync(
  'npm',
  ['run', '--silent', 'test:e2e', '--', '--testPathPatterns=security/namespace-leaks', '--forceExit'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      K8S_MCP_TEST_KUBECONFIG:
        process.env.K8S_MCP_TEST_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig'),
      ...(sample
        ? { K8S_MCP_LEAK_SAMPLE: sample, K8S_MCP_LEAK_SEED: seed }
        : { K8S_MCP_LEAK_CORPUS: 'full' }),
    },
  },
);
process.stderr.write(
  `[leak-corpus] ${r.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`,
);
process.exit(r.status ?? 1);
