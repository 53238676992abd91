// Raw Streamable HTTP MCP for load generators: fetch and strings, no SDK client (its own result
// validation would cost the generator more than the server's work it measures).
import net from 'node:net';

export const PROTOCOL = '2025-06-18';
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
let rpcId = 1;

/** A fresh JSON-RPC id (unique in this process). */
export const nextId = () => rpcId++;

/** A TCP port free on loopback now. */
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

/** POST /mcp; throws on an HTTP error status. `headers`: e.g. the authorization header. */
export async function post(base, body, sessionId, headers = {}) {
  const res = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      ...HEADERS,
      ...headers,
      ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`POST ${body.method}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return { res, text };
}

/** initialize + notifications/initialized; resolves with the session id. */
export async function openSession(base, clientName, headers = {}) {
  const { res } = await post(
    base,
    {
      jsonrpc: '2.0',
      id: nextId(),
      method: 'initialize',
      params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: clientName, version: '1' } },
    },
    undefined,
    headers,
  );
  const id = res.headers.get('mcp-session-id');
  if (!id) throw new Error('no session id');
  await post(base, { jsonrpc: '2.0', method: 'notifications/initialized' }, id, headers);
  return id;
}

/** Waits until the server answers /health/live (30 s at most); `stderr()` explains a failure. */
export async function untilLive(base, child, stderr) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr()}`);
    if (i > 300) throw new Error(`server not up after 30 s: ${stderr()}`);
    try {
      if ((await fetch(`${base}/health/live`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
