import { anEvent, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { eventBurstDetector as sut } from './event-burst.detector.js';

describe('eventBurstDetector', () => {
  it('reports many Warning events of one reason in a namespace, naming the most affected object', () => {
    const events = [
      anEvent('BackOff', { kind: 'Pod', name: 'a', namespace: 'shop' }, { count: 15, last: ago(60) }),
      anEvent(
        'BackOff',
        { kind: 'Pod', name: 'b', namespace: 'shop' },
        { count: 6, last: ago(30), message: 'Back-off restarting failed container' },
      ),
      anEvent('BackOff', { kind: 'Pod', name: 'old', namespace: 'shop' }, { count: 100, last: ago(7200) }),
      anEvent('Scheduled', { kind: 'Pod', name: 'a', namespace: 'shop' }, { type: 'Normal', count: 50 }),
      anEvent('FailedMount', { kind: 'Pod', name: 'c', namespace: 'shop' }, { count: 2 }),
    ];
    const [f, ...rest] = runDetector(sut, events);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'Pod', namespace: 'shop', name: 'a', reason: 'BackOff', count: 21 });
    expect(f!.message).toContain(
      '21 Warning events "BackOff" on 2 objects in the last hour; latest: Back-off restarting failed container',
    );
  });
});
