// R1: the watch cache is never wrong after a fault. The server syncs (every kind, cluster-wide)
// through our TCP proxy in front of the real kube-apiserver while a writer changes ConfigMaps,
// Secrets, Services and Pods in the suite's namespace; faults are injected one after another (RST
// of every connection, bytes stalled, connections refused, etcd compacted, kube-apiserver killed
// and restarted) and after each, with the writer paused, the store must equal a fresh LIST (names,
// uids, resourceVersions) within 5 s.
// Cost: about 60-90 s for ten faults (2-4 s of writing and fault each, plus the kill's apiserver
// start, ~10 s). The kill is gated like test/sync/apiserver-restart.e2e-spec.ts: only on a cluster
// this run started, in CI, or with K8S_MCP_TEST_KILL_APISERVER=1. bench/faults.sh runs fifty.
import { writeFileSync } from 'node:fs';
import { K8sService } from '../../src/k8s/k8s.service.js';
import { ApiListWatch, WatchInactivityError } from '../../src/sync/list-watch.js';
import { WATCHED_KINDS } from '../../src/sync/watched-kinds.js';
import { mayKillApiServer, restartApiServer } from '../helpers/apiserver.js';
import { createTestNamespace, deleteNamespace } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { FaultRig, type FaultResult, RECOVERY_BUDGET_MS, schedule } from './fault-rig.js';

const COUNT = Number(process.env.K8S_MCP_FAULTS ?? 10);
const REPORT = process.env.K8S_MCP_FAULTS_REPORT;
const withKill = mayKillApiServer();
if (!withKill) {
  console.warn(
    '[e2e] faults: the kube-apiserver kill is left out (shared cluster, not CI); ' +
      'set K8S_MCP_TEST_KILL_APISERVER=1 to include it',
  );
}

describe('R1 faults: the store equals a fresh LIST after every fault (real cluster, TCP proxy)', () => {
  let ns: string;
  let rig: FaultRig;
  const results: FaultResult[] = [];

  beforeAll(async () => {
    ns = await createTestNamespace('faults');
    rig = await FaultRig.start(ns);
  });

  afterAll(async () => {
    try {
      if (withKill) await restartApiServer();
    } finally {
      await rig?.close();
      if (ns) await deleteNamespace(ns);
      if (REPORT) writeFileSync(REPORT, JSON.stringify(results, null, 2));
    }
  });

  it('a watch that hangs before its headers, or goes silent, is ended by our own timer', async () => {
    const clients = await rig.app.app.get(K8sService).clients();
    const source = new ApiListWatch(
      clients,
      WATCHED_KINDS.find((k) => k.ref.kind === 'ConfigMap')!.ref,
      { namespace: ns },
      true,
      1500,
    );
    const { resourceVersion } = await source.list('');
    const watchOnce = async () => {
      const started = Date.now();
      const ended = new Promise<unknown>((resolve) => {
        void source.watch(resourceVersion, 60, () => undefined, resolve);
      });
      return { err: await ended, afterMs: Date.now() - started };
    };
    // Bytes stopped after the watch was accepted: nothing arrives, the timer ends it.
    rig.proxy.resume();
    const silent = watchOnce();
    await new Promise((r) => setTimeout(r, 300));
    rig.proxy.stall();
    const body = await silent;
    expect(body.err).toBeInstanceOf(WatchInactivityError);
    expect((body.err as WatchInactivityError).phase).toBe('body');
    // A new connection that never gets its response headers.
    rig.proxy.cut();
    const headers = await watchOnce();
    rig.proxy.resume();
    expect(headers.err).toBeInstanceOf(WatchInactivityError);
    expect((headers.err as WatchInactivityError).phase).toBe('headers');
    expect(headers.afterMs).toBeGreaterThanOrEqual(1400);
    expect(headers.afterMs).toBeLessThan(5000);
  });

  it(`recovers from ${COUNT} faults, each within ${RECOVERY_BUDGET_MS / 1000} s, with no mismatch`, async () => {
    // The previous test cut every connection: the sync is back before the first fault.
    await expectEventually(async () => expect(await rig.difference()).toBe(''), {
      description: 'store equal to a LIST before the faults',
    });
    for (const fault of schedule(COUNT, withKill)) {
      const result = await rig.inject(fault);
      results.push(result);
      expect(result).toMatchObject({ fault, mismatch: '' });
      expect(result.recoveryMs).toBeLessThanOrEqual(RECOVERY_BUDGET_MS);
    }
    // The writer really wrote through the faults, and the sync really went through failures.
    expect(results.reduce((n, r) => n + r.writes, 0)).toBeGreaterThan(COUNT * 5);
    const status = rig.registry.status();
    expect(status.kinds.reduce((n, k) => n + k.errors + k.watchRestarts, 0)).toBeGreaterThan(0);
    expect(status.phase).toBe('synced');
  }, 300_000);
});
