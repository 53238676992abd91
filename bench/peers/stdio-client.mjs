// A minimal MCP client over a child's stdio: newline-framed JSON-RPC, no SDK in the timing path, so
// the same (tiny) client cost is paid for every server. Lines that are not JSON are ignored: a
// server's stray prints must not break the measurement of the others.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const INIT_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'k8s-mcp-bench-peers', version: '1' },
};

export class StdioClient {
  /** Spawns cmd; `children` (a Set) lets the caller kill every child on exit. */
  constructor({ cmd, args, env, cwd }, children) {
    this.child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.t0 = performance.now();
    children.add(this.child);
    this.child.once('exit', () => children.delete(this.child));
    this.pending = new Map();
    this.nextId = 1;
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    // Chunks are kept as Buffers and joined once a newline arrives: a 1 MB answer must not cost
    // the client a quadratic string rebuild that would be charged to the server.
    let chunks = [];
    this.child.stdout.on('data', (d) => {
      let from = 0;
      let nl;
      while ((nl = d.indexOf(10, from)) >= 0) {
        chunks.push(d.subarray(from, nl));
        this.#line(Buffer.concat(chunks), performance.now());
        chunks = [];
        from = nl + 1;
      }
      if (from < d.length) chunks.push(d.subarray(from));
    });
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal })));
  }

  #line(buf, at) {
    let msg;
    try {
      msg = JSON.parse(buf.toString('utf8'));
    } catch {
      return;
    }
    const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
    if (!p) return; // a notification or a request from the server: not measured
    this.pending.delete(msg.id);
    p.resolve({ msg, ms: at - p.t0, at, bytes: buf.length });
  }

  /** Sends a request; resolves with { msg, ms, at, bytes } or rejects on timeout or exit. */
  request(method, params, timeoutMs = 60_000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (fn) => (v) => {
        clearTimeout(timer);
        fn(v);
      };
      this.pending.set(id, { resolve: done(resolve), t0: performance.now() });
      this.exited.then(done(() => reject(new Error(`${method}: server exited: ${this.stderr.slice(-300)}`))));
      this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }

  /** initialize + notifications/initialized; resolves with ms from spawn to the initialize answer. */
  async initialize(timeoutMs = 30_000) {
    const r = await this.request('initialize', INIT_PARAMS, timeoutMs);
    if (!r.msg.result) throw new Error(`initialize failed: ${JSON.stringify(r.msg.error)}`);
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    return { spawnToInitMs: r.at - this.t0, serverInfo: r.msg.result.serverInfo };
  }

  /** Ends the child: stdin closed, then SIGTERM, then SIGKILL (bounded). */
  async close(graceMs = 2000) {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const wait = (ms) => Promise.race([this.exited, new Promise((r) => setTimeout(() => r(null), ms))]);
    this.child.stdin.end();
    if (await wait(graceMs)) return;
    this.child.kill('SIGTERM');
    if (await wait(graceMs)) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
