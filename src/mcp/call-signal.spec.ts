import { callSignal } from './call-signal.js';

describe('callSignal', () => {
  it('aborts with a TimeoutError at the deadline and says so', async () => {
    const s = callSignal(undefined, 20);
    await new Promise((r) => s.signal.addEventListener('abort', r));
    expect(s.timedOut()).toBe(true);
    expect((s.signal.reason as DOMException).name).toBe('TimeoutError');
    s.dispose();
  });

  it("follows the client's cancel, also one that came before, with its reason", () => {
    const client = new AbortController();
    const s = callSignal(client.signal, 60_000);
    client.abort(new Error('client went away'));
    expect(s.signal.aborted).toBe(true);
    expect(s.timedOut()).toBe(false);
    expect((s.signal.reason as Error).message).toBe('client went away');
    s.dispose();
    expect(callSignal(client.signal, 60_000).signal.aborted).toBe(true);
  });

  it('after dispose neither the deadline nor the client ends it', async () => {
    const client = new AbortController();
    const s = callSignal(client.signal, 10);
    s.dispose();
    client.abort();
    await new Promise((r) => setTimeout(r, 30));
    expect(s.signal.aborted).toBe(false);
  });
});
