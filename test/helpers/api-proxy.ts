// A TCP proxy in front of the test cluster's API server, for faults the real server cannot be
// asked for: closing it makes the API server unreachable, a delay makes every answer slow. TLS
// passes through untouched (the API server's certificate names 127.0.0.1, whatever the port).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { testKubeconfigPath } from './cluster.js';

export interface ApiProxy {
  /** A copy of the test kubeconfig that goes through the proxy. */
  readonly kubeconfig: string;
  /** Stops listening and cuts every connection: the API server is gone for clients of the proxy. */
  close(): Promise<void>;
}

/** Starts the proxy; `delayMs` holds back every chunk the API server sends. */
export async function startApiProxy({ delayMs = 0 } = {}): Promise<ApiProxy> {
  const kc = parse(readFileSync(testKubeconfigPath(), 'utf8')) as {
    clusters: { cluster: { server: string } }[];
  };
  const target = new URL(kc.clusters[0]!.cluster.server);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    if (delayMs === 0) upstream.pipe(client);
    else
      upstream.on('data', (chunk: Buffer) =>
        setTimeout(() => client.destroyed || client.write(chunk), delayMs),
      );
    upstream.on('end', () => setTimeout(() => client.end(), delayMs));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  for (const c of kc.clusters) c.cluster.server = `https://127.0.0.1:${port}`;
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'k8s-mcp-proxy-')), 'kubeconfig');
  writeFileSync(kubeconfig, stringify(kc));
  let closed: Promise<void> | undefined;
  return {
    kubeconfig,
    close() {
      closed ??= new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
