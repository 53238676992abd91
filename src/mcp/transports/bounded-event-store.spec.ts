import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { BoundedEventStore } from './bounded-event-store.js';

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { level: 'info', data: `m${n}` },
});

async function replay(sut: BoundedEventStore, after: string): Promise<{ stream: string; sent: string[] }> {
  const sent: string[] = [];
  const stream = await sut.replayEventsAfter(after, {
    send: (_id, message) => {
      sent.push(String((message as unknown as { params: { data: string } }).params.data));
      return Promise.resolve();
    },
  });
  return { stream, sent };
}

describe(BoundedEventStore.name, () => {
  it('replays what followed an event on the same stream only, in order, without priming events', async () => {
    const sut = new BoundedEventStore();
    const priming = await sut.storeEvent('s1', {} as JSONRPCMessage);
    await sut.storeEvent('s1', note(1));
    await sut.storeEvent('s2', note(99));
    await sut.storeEvent('s1', note(2));
    expect(await replay(sut, priming)).toEqual({ stream: 's1', sent: ['m1', 'm2'] });
    expect(await sut.getStreamIdForEventId(priming)).toBe('s1');
  });

  it('keeps at most maxEvents, dropping the oldest', async () => {
    const sut = new BoundedEventStore({ maxEvents: 3, maxBytes: 1e9 });
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await sut.storeEvent('s', note(i)));
    expect(sut.stats()).toMatchObject({ events: 3, evicted: 2 });
    expect(await replay(sut, ids[2]!)).toEqual({ stream: 's', sent: ['m4', 'm5'] });
    await expect(replay(sut, ids[0]!)).rejects.toThrow(/not in this session's replay buffer/);
    expect(await sut.getStreamIdForEventId(ids[0]!)).toBeUndefined();
  });

  it('keeps at most maxBytes (but always the newest event)', async () => {
    const big = (n: number): JSONRPCMessage => ({
      jsonrpc: '2.0',
      method: 'x',
      params: { pad: 'x'.repeat(n) },
    });
    const sut = new BoundedEventStore({ maxEvents: 100, maxBytes: 1000 });
    for (let i = 0; i < 10; i++) await sut.storeEvent('s', big(300));
    expect(sut.stats().bytes).toBeLessThanOrEqual(1000);
    expect(sut.stats().events).toBe(2);
    await sut.storeEvent('s', big(5000));
    expect(sut.stats().events).toBe(1);
  });
});
