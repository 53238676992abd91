import { aggregateEvents, type KubeEvent } from './events.js';

const event = (name: string, reason: string, last: string, count = 1, message = 'm'): KubeEvent => ({
  metadata: { name, namespace: 'shop' },
  type: 'Warning',
  reason,
  message,
  count,
  firstTimestamp: last,
  lastTimestamp: last,
  involvedObject: { kind: 'Pod', name: 'web-1' },
});

describe(aggregateEvents.name, () => {
  it('folds repeated events with their counts and keeps the newest first', () => {
    const sut = aggregateEvents([
      event('e1', 'BackOff', '2026-11-25T10:00:00Z', 3),
      event('e2', 'Failed', '2026-11-25T11:00:00Z'),
      event('e3', 'BackOff', '2026-11-25T10:30:00Z', 2),
    ]);
    expect(sut.map((e) => [e.reason, e.count])).toEqual([
      ['Failed', 1],
      ['BackOff', 5],
    ]);
    expect(sut[1]).toMatchObject({
      firstSeen: '2026-11-25T10:00:00Z',
      lastSeen: '2026-11-25T10:30:00Z',
      object: 'Pod/web-1',
    });
  });

  it('keeps events with different messages apart', () => {
    expect(
      aggregateEvents([
        event('a', 'X', '2026-11-25T10:00:00Z', 1, 'one'),
        event('b', 'X', '2026-11-25T10:00:00Z', 1, 'two'),
      ]),
    ).toHaveLength(2);
  });
});
