// /health as the specification's "system health check": every component under terminus's shape,
// 503 when the API server stops answering (a TCP proxy in front of the real API server is closed);
// /health/ready 503 until the initial sync completes, and while a fail-closed audit log cannot be
// written. Cost: three in-process apps and one initial sync, ~10 s.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import { startApiProxy } from '../helpers/api-proxy.js';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';

interface HealthBody {
  readonly status: 'ok' | 'error';
  readonly info?: Record<string, Record<string, unknown>>;
  readonly error?: Record<string, Record<string, unknown>>;
  readonly details: Record<string, Record<string, unknown>>;
}

async function health(url: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('/health and /health/ready', () => {
  let sut: RunningApp | undefined;
  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  it('reports each component, holds readiness until the initial sync, and turns 503 when the API server stops', async () => {
    const proxy = await startApiProxy();
    try {
      // The specification's .env spellings, and no periodic checks: /health probes when asked.
      sut = await startApp({
        KUBECONFIG_PATH: proxy.kubeconfig,
        LOG_LEVEL: 'WARNING',
        HEALTH_CHECK_ENABLED: 'false',
      });

      // Nothing synced yet (the in-process app starts no informers until told): not ready.
      const before = await health(`${sut.url}/health/ready`);
      expect(before.status).toBe(503);
      expect(before.body.error?.sync).toMatchObject({ status: 'down', message: 'initial sync not complete' });
      expect(before.body.info?.cluster).toMatchObject({ status: 'up' });

      sut.app.get(InformerRegistry).start();
      const ready = await expectEventually(
        async () => {
          const r = await health(`${sut!.url}/health/ready`);
          expect(r.status).toBe(200);
          return r;
        },
        { timeoutMs: 60_000, description: 'ready after the initial sync' },
      );
      expect(ready.body.info?.sync).toMatchObject({ status: 'up', phase: 'synced' });

      const all = await health(`${sut.url}/health`);
      expect(all.status).toBe(200);
      expect(all.body.status).toBe('ok');
      expect(Object.keys(all.body.details).sort()).toEqual(['audit_log', 'cluster', 'memory_heap', 'sync']);
      expect(all.body.details.cluster).toMatchObject({
        status: 'up',
        version: expect.stringMatching(/^v1\./),
      });
      expect(all.body.details.sync).toMatchObject({
        status: 'up',
        phase: 'synced',
        healthScore: 100,
        kinds: expect.objectContaining({ Pod: 'synced', Deployment: 'synced', Node: 'synced' }),
      });
      expect(all.body.details.memory_heap).toEqual({ status: 'up' });
      expect(all.body.details.audit_log).toMatchObject({ status: 'up', enabled: true, path: sut.auditPath });

      await proxy.close();
      const down = await health(`${sut.url}/health`);
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('error');
      expect(down.body.error?.cluster).toMatchObject({ status: 'down' });
      expect(String(down.body.error?.cluster.error)).toContain('ECONNREFUSED');
      // The other components are still reported, healthy.
      expect(down.body.info?.memory_heap).toEqual({ status: 'up' });
      expect((await health(`${sut.url}/health/ready`)).status).toBe(503);
      // Liveness never depends on the cluster.
      expect((await fetch(`${sut.url}/health/live`)).status).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('with HEALTH_READY_WAIT_FOR_SYNC=false, is ready as soon as the API server answers', async () => {
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), HEALTH_READY_WAIT_FOR_SYNC: 'false' });
    const ready = await health(`${sut.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['audit_log', 'cluster']);
  });

  it('fails readiness and /health while the fail-closed audit log cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-audit-'));
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, '');
    const auditPath = join(notAFolder, 'audit.log');
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      HEALTH_READY_WAIT_FOR_SYNC: 'false',
      K8S_AUDIT_LOG_PATH: auditPath,
    });
    for (const path of ['/health/ready', '/health']) {
      const r = await health(`${sut.url}${path}`);
      expect([path, r.status]).toEqual([path, 503]);
      expect(r.body.error?.audit_log).toMatchObject({ status: 'down', path: auditPath, failClosed: true });
      expect(String(r.body.error?.audit_log.message)).toContain('ENOTDIR');
    }
  });
});
