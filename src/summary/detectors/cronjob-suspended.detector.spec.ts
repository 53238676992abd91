import { anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { cronJobSuspendedDetector as sut } from './cronjob-suspended.detector.js';

describe('cronJobSuspendedDetector', () => {
  it('reports suspended CronJobs as info', () => {
    const cj = anObject('CronJob', 'report', { spec: { schedule: '0 2 * * *', suspend: true } });
    const on = anObject('CronJob', 'on', { spec: { schedule: '0 2 * * *' } });
    expect(runDetector(sut, [cj, on])).toEqual([
      expect.objectContaining({ name: 'report', severity: 'info', reason: 'Suspended' }),
    ]);
  });
});
