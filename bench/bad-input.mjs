#!/usr/bin/env node
// R2 bad input, the large run: the e2e suite test/mcp/bad-input.e2e-spec.ts with more calls and a
// random seed (npm test runs it with 2,000 calls and a fixed seed). The seed is printed, so a
// failure can be replayed with K8S_MCP_BAD_INPUT_SEED.
//
//   node bench/bad-input.mjs [--runs=20000] [--seed=N]
//
// Kubeconfig: $K8S_MCP_TEST_KUBECONFIG (default .cluster/kubeconfig), as for the e2e suites.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name, dflt) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const runs = arg('runs', '20000');
const seed = arg('seed', String(Math.floor(Math.random() * 2 ** 31)));
process.stderr.write(`[bad-input] ${runs} calls, seed ${seed}\n`);
const started = Date.now();
const r = spawnSync(
  'npm',
  ['run', '--silent', 'test:e2e', '--', '--testPathPatterns=bad-input', '--forceExit'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      K8S_MCP_TEST_KUBECONFIG:
        process.env.K8S_MCP_TEST_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig'),
      K8S_MCP_BAD_INPUT_RUNS: runs,
      K8S_MCP_BAD_INPUT_SEED: seed,
    },
  },
);
process.stderr.write(
  `[bad-input] ${runs} calls, seed ${seed}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`,
);
process.exit(r.status ?? 1);
