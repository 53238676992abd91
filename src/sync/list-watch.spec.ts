import { KubeConfig, Watch } from '@kubernetes/client-node';
import { WATCH_INACTIVITY_MS } from './list-watch.js';

describe('client-node Watch assumptions', () => {
  // ApiListWatch raises the inactivity timeout through this private field (no public setter);
  // if an upgrade renames it, quiet watches would silently be renewed every 30 s again.
  it('has the private requestTimeoutMs field ApiListWatch overrides', () => {
    const watch = new Watch(new KubeConfig()) as unknown as { requestTimeoutMs?: unknown };
    expect(watch.requestTimeoutMs).toBe(30_000);
    expect(WATCH_INACTIVITY_MS).toBeGreaterThan(60_000);
  });
});
