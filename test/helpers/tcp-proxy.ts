// A TCP proxy of our own on loopback, in front of the real kube-apiserver, to inject network faults:
// cut every connection (RST), stall them (bytes stop, sockets stay open), refuse new ones
// (listener closed: ECONNREFUSED). TLS passes through untouched, so clients keep verifying the
// apiserver's certificate (its SANs include 127.0.0.1).
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

interface Pair {
  readonly client: Socket;
  upstream?: Socket;
  /** Bytes a stalled pair received and holds back. */
  readonly held: { toUpstream: Buffer[]; toClient: Buffer[] };
}

export type ProxyMode = 'pass' | 'stall';

export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<Pair>();
  private mode: ProxyMode = 'pass';
  /** Connections accepted since start (a reconnect shows up here). */
  accepted = 0;
  /** Connections the client side ended (e.g. a request aborted by its caller). */
  closedByClient = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    public port = 0,
  ) {}

  /** Starts a proxy to host:port on a free loopback port. */
  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen();
    return proxy;
  }

  /** Open client connections right now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Accepts connections again (after refuse()) on the same port. */
  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Resets every open connection (both sides see ECONNRESET). */
  cut(): number {
    const n = this.pairs.size;
    for (const pair of [...this.pairs]) this.drop(pair);
    return n;
  }

  /** Stops every byte in both directions, open and new connections alike; sockets stay open. */
  stall(): void {
    this.mode = 'stall';
  }

  /** Lets bytes flow again, held ones first; connections accepted while stalled now reach upstream. */
  resume(): void {
    this.mode = 'pass';
    for (const pair of this.pairs) {
      if (!pair.upstream) this.connectUpstream(pair);
      else this.flush(pair);
    }
  }

  /** Closes the listener: new connections are refused, open ones are reset. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() calls back once every accepted connection has ended: a kept-alive connection or a
    // watch would hold it forever, so they are reset here (the refuse fault resets them anyway).
    this.cut();
    await closed;
  }

  /** Ends everything. */
  async close(): Promise<void> {
    this.cut();
    await this.refuse();
  }

  /** A copy of a kubeconfig whose current cluster's server is this proxy; returns its path. */
  writeKubeconfig(from: string, to: string): string {
    const doc = parseYaml(readFileSync(from, 'utf8')) as {
      'current-context'?: string;
      contexts?: { name: string; context: { cluster: string } }[];
      clusters?: { name: string; cluster: { server: string } }[];
    };
    const context = doc.contexts?.find((c) => c.name === doc['current-context']);
    const cluster = doc.clusters?.find((c) => c.name === context?.context.cluster);
    if (!cluster) throw new Error(`${from}: no current cluster`);
    const url = new URL(cluster.cluster.server);
    url.host = `127.0.0.1:${this.port}`;
    cluster.cluster.server = url.toString().replace(/\/$/, '');
    writeFileSync(to, toYaml(doc), { mode: 0o600 });
    return to;
  }

  private accept(client: Socket): void {
    this.accepted++;
    const pair: Pair = { client, held: { toUpstream: [], toClient: [] } };
    this.pairs.add(pair);
    client.setNoDelay(true);
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'stall' || !pair.upstream) pair.held.toUpstream.push(chunk);
      else pair.upstream.write(chunk);
    });
    const clientEnded = () => {
      if (this.pairs.has(pair)) this.closedByClient++;
      this.drop(pair);
    };
    client.on('error', clientEnded);
    client.on('close', clientEnded);
    if (this.mode === 'pass') this.connectUpstream(pair);
  }

  private connectUpstream(pair: Pair): void {
    const upstream = new Socket();
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('data', (chunk: Buffer) => {
      if (this.mode === 'stall') pair.held.toClient.push(chunk);
      else pair.client.write(chunk);
    });
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    upstream.connect(this.targetPort, this.targetHost, () => this.flush(pair));
  }

  private flush(pair: Pair): void {
    if (this.mode === 'stall' || !pair.upstream || pair.upstream.connecting) return;
    for (const chunk of pair.held.toUpstream.splice(0)) pair.upstream.write(chunk);
    for (const chunk of pair.held.toClient.splice(0)) pair.client.write(chunk);
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  }
}
