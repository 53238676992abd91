// Cached calls per second over Streamable HTTP: 16 MCP sessions (SDK clients), one call in flight
// each, closed loop for a fixed time (a fixed count would take minutes on a server doing 6 calls/s).
// The load generator shares the cores with the server, as it does in the figure.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const SESSIONS = 16;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts an HTTP server from spec.http(port) and waits (bounded) until its health URL answers. */
export async function startHttp(spec, env, cwd, children) {
  const h = spec.http(await freePort());
  const child = spawn(h.cmd, h.args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${spec.id} HTTP server exited: ${stderr}`);
    const ok = await fetch(h.health, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url: h.mcp };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${spec.id} HTTP server not healthy after 20 s: ${stderr}`);
}

/** Runs SESSIONS closed loops of callTool(name, args) for `seconds`; returns rate and latencies. */
export async function measureCallsPerSecond(url, name, args, seconds) {
  const clients = [];
  try {
    for (let i = 0; i < SESSIONS; i++) {
      const c = new Client({ name: 'k8s-mcp-bench-peers', version: '1' });
      await c.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(c);
    }
    // One call each first: a session's first call may pay set-up the steady state does not.
    await Promise.all(clients.map((c) => c.callTool({ name, arguments: args })));
    const lat = [];
    let errors = 0;
    let firstError;
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < end) {
          const t = performance.now();
          try {
            const r = await c.callTool({ name, arguments: args }, undefined, { timeout: 60_000 });
            if (r.isError) throw new Error(r.content?.[0]?.text ?? 'isError');
            lat.push(performance.now() - t);
          } catch (err) {
            errors++;
            firstError ??= String(err?.message ?? err).slice(0, 200);
          }
        }
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    return {
      sessions: SESSIONS,
      seconds: Math.round(wall * 10) / 10,
      calls: lat.length,
      errors,
      firstError,
      lat,
    };
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
  }
}
