// The R1 fault rig, shared by test/faults/faults.e2e-spec.ts (about ten faults) and
// bench/faults.sh (fifty): the real server syncs through our TCP proxy in front of the real
// kube-apiserver while a writer creates, updates and deletes objects of several kinds in one
// namespace (straight to the apiserver, so changes keep happening while the server is blind). Each
// fault is injected, held, and lifted; then, with the writer paused, the store must equal a fresh
// LIST (same names, uids and resourceVersions) within RECOVERY_BUDGET_MS.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/k8s/kube-object.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import { killApiServer, restartApiServer } from '../helpers/apiserver.js';
import { adminClients, apiStatus, testKubeconfigPath } from '../helpers/cluster.js';
import { compactEtcd } from '../helpers/etcd.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

export const RECOVERY_BUDGET_MS = 5000;

/** cut: RST every connection; stall: bytes stop for 3 s; stall-cut: 2 s stall, then RST;
 * refuse: RST and ECONNREFUSED for 2 s; compact: etcd compacted at its head, then RST;
 * kill: kube-apiserver SIGKILLed and started again. */
export type FaultName = 'cut' | 'stall' | 'stall-cut' | 'refuse' | 'compact' | 'kill';

export interface FaultResult {
  readonly fault: FaultName;
  /** From the fault lifted (kill: apiserver ready again) to the store equal to a fresh LIST. */
  readonly recoveryMs: number;
  /** Empty when the store converged; else what still differed at the deadline. */
  readonly mismatch: string;
  readonly writes: number;
}

type Kind = 'ConfigMap' | 'Secret' | 'Service' | 'Pod';
const KINDS: readonly Kind[] = ['ConfigMap', 'Secret', 'Service', 'Pod'];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const versions = (items: readonly KubeObject[]) =>
  items.map((o) => `${o.metadata.name}@${o.metadata.uid}@${o.metadata.resourceVersion}`).sort();

/** Creates, updates and deletes objects of KINDS in one namespace until paused. */
class Writer {
  writes = 0;
  private n = 0;
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly ns: string) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the operation in flight. */
  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.step();
        this.writes++;
      } catch (err) {
        // A conflict, a name already gone, or the apiserver down (kill): the next step goes on.
        const status = apiStatus(err);
        if (status !== undefined && ![404, 409, 410, 500, 503, 504].includes(status)) throw err;
      }
      await sleep(40);
    }
  }

  private async step(): Promise<void> {
    const { core } = adminClients();
    const namespace = this.ns;
    const kind = KINDS[Math.floor(Math.random() * KINDS.length)]!;
    const existing = await this.names(kind);
    const roll = Math.random();
    if (existing.length < 4 || (roll < 0.45 && existing.length < 12)) {
      const name = `w-${kind.toLowerCase()}-${++this.n}`;
      const metadata = { name, labels: { gen: '0' } };
      if (kind === 'ConfigMap')
        await core.createNamespacedConfigMap({ namespace, body: { metadata, data: { v: '0' } } });
      if (kind === 'Secret')
        await core.createNamespacedSecret({ namespace, body: { metadata, stringData: { v: '0' } } });
      if (kind === 'Service')
        await core.createNamespacedService({
          namespace,
          body: { metadata, spec: { ports: [{ port: 80 }] } },
        });
      if (kind === 'Pod')
        await core.createNamespacedPod({
          namespace,
          body: { metadata, spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] } },
        });
      return;
    }
    const name = existing[Math.floor(Math.random() * existing.length)]!;
    if (roll < 0.75) {
      // An update: a new label value is a new resourceVersion in every kind.
      const gen = String(this.n++);
      if (kind === 'ConfigMap') {
        const o = await core.readNamespacedConfigMap({ namespace, name });
        o.metadata!.labels = { gen };
        o.data = { v: gen };
        await core.replaceNamespacedConfigMap({ namespace, name, body: o });
      } else if (kind === 'Secret') {
        const o = await core.readNamespacedSecret({ namespace, name });
        o.metadata!.labels = { gen };
        await core.replaceNamespacedSecret({ namespace, name, body: o });
      } else if (kind === 'Service') {
        const o = await core.readNamespacedService({ namespace, name });
        o.metadata!.labels = { gen };
        await core.replaceNamespacedService({ namespace, name, body: o });
      } else {
        const o = await core.readNamespacedPod({ namespace, name });
        o.metadata!.labels = { gen };
        await core.replaceNamespacedPod({ namespace, name, body: o });
      }
      return;
    }
    if (kind === 'ConfigMap') await core.deleteNamespacedConfigMap({ namespace, name });
    if (kind === 'Secret') await core.deleteNamespacedSecret({ namespace, name });
    if (kind === 'Service') await core.deleteNamespacedService({ namespace, name });
    if (kind === 'Pod') await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  }

  private async names(kind: Kind): Promise<string[]> {
    return (await freshList(kind, this.ns))
      .filter((o) => o.metadata.name.startsWith('w-'))
      .map((o) => o.metadata.name);
  }
}

/** A LIST of one kind in one namespace straight from the apiserver (admin credentials). */
async function freshList(kind: Kind, namespace: string): Promise<KubeObject[]> {
  const { core } = adminClients();
  const list =
    kind === 'ConfigMap'
      ? await core.listNamespacedConfigMap({ namespace })
      : kind === 'Secret'
        ? await core.listNamespacedSecret({ namespace })
        : kind === 'Service'
          ? await core.listNamespacedService({ namespace })
          : await core.listNamespacedPod({ namespace });
  return list.items as unknown as KubeObject[];
}

export class FaultRig {
  private constructor(
    readonly proxy: TcpProxy,
    readonly app: RunningApp,
    readonly registry: InformerRegistry,
    private readonly writer: Writer,
    private readonly ns: string,
  ) {}

  /** Proxy, server (syncing through the proxy, every kind cluster-wide) and writer. */
  static async start(ns: string): Promise<FaultRig> {
    const { kc } = adminClients();
    const server = new URL(kc.getCurrentCluster()!.server);
    const proxy = await TcpProxy.start(server.hostname, Number(server.port || 443));
    const kubeconfig = proxy.writeKubeconfig(
      testKubeconfigPath(),
      join(mkdtempSync(join(tmpdir(), 'k8s-mcp-faults-')), 'kubeconfig'),
    );
    const app = await startApp({ KUBECONFIG_PATH: kubeconfig, K8S_NAMESPACE: ns });
    const registry = app.app.get(InformerRegistry);
    registry.start();
    await registry.ready();
    return new FaultRig(proxy, app, registry, new Writer(ns), ns);
  }

  /** '' when the store equals a fresh LIST in every kind, else the first difference. */
  async difference(): Promise<string> {
    for (const kind of KINDS) {
      const fresh = versions(await freshList(kind, this.ns));
      const cached = versions(this.registry.informer(kind)!.store.byIndex('namespace', this.ns));
      const missing = fresh.filter((v) => !cached.includes(v));
      const extra = cached.filter((v) => !fresh.includes(v));
      if (missing.length || extra.length)
        return `${kind}: store lacks [${missing.join(', ')}], has beyond the LIST [${extra.join(', ')}]`;
    }
    return '';
  }

  /** Runs the writer, injects one fault, lifts it, pauses the writer and measures the recovery. */
  async inject(fault: FaultName): Promise<FaultResult> {
    const writesBefore = this.writer.writes;
    this.writer.start();
    await sleep(1500);
    if (fault === 'kill') {
      const errorsBefore = this.errors();
      killApiServer();
      // Until the sync has noticed (a broken watch or a failed LIST).
      for (let t = 0; t < 30_000 && this.errors() === errorsBefore; t += 100) await sleep(100);
      await restartApiServer();
    } else if (fault === 'stall') {
      this.proxy.stall();
      await sleep(3000);
      this.proxy.resume();
    } else if (fault === 'stall-cut') {
      this.proxy.stall();
      await sleep(2000);
      this.proxy.cut();
      this.proxy.resume();
    } else if (fault === 'refuse') {
      await this.proxy.refuse();
      this.proxy.cut();
      await sleep(2000);
      await this.proxy.listen();
    } else if (fault === 'compact') {
      await compactEtcd();
      this.proxy.cut();
      await sleep(1000);
    } else {
      this.proxy.cut();
      await sleep(1000);
    }
    const lifted = Date.now();
    await this.writer.pause();
    let mismatch = await this.difference();
    while (mismatch && Date.now() - lifted < RECOVERY_BUDGET_MS) {
      await sleep(50);
      mismatch = await this.difference();
    }
    return { fault, recoveryMs: Date.now() - lifted, mismatch, writes: this.writer.writes - writesBefore };
  }

  async close(): Promise<void> {
    await this.writer.pause();
    await this.app.close();
    await this.proxy.close();
  }

  private errors(): number {
    return this.registry.informers().reduce((n, i) => n + i.status().errors, 0);
  }
}

/** The fault schedule: cycles through the network faults, with compaction and (when allowed) kill. */
export function schedule(count: number, withKill: boolean): FaultName[] {
  const cycle: FaultName[] = ['cut', 'stall', 'refuse', 'stall-cut', 'compact'];
  const faults: FaultName[] = [];
  for (let i = 0; i < count; i++) faults.push(cycle[i % cycle.length]!);
  // One kill per ten faults (each costs the apiserver's start, ~10 s).
  if (withKill) for (let i = 7; i < count; i += 10) faults[i] = 'kill';
  return faults;
}
