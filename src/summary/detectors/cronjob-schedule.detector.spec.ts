import { anObject, ago, runDetector } from '../../../test/factories/cluster-objects.js';
import { cronJobScheduleDetector as sut } from './cronjob-schedule.detector.js';

describe('cronJobScheduleDetector', () => {
  it('reports a schedule that does not parse', () => {
    const cj = anObject('CronJob', 'bad', { spec: { schedule: '61 * * * *' } });
    const [f] = runDetector(sut, [cj]);
    expect(f).toMatchObject({ reason: 'InvalidSchedule' });
    expect(f!.message).toContain('outside 0-59');
  });

  it('reports a missed run: hourly, last run three hours ago', () => {
    const cj = anObject('CronJob', 'hourly', {
      spec: { schedule: '0 * * * *' },
      status: { lastScheduleTime: ago(3 * 3600) },
    });
    expect(runDetector(sut, [cj])).toEqual([expect.objectContaining({ reason: 'MissedSchedule' })]);
  });

  it('is quiet for runs on time, suspended CronJobs and other time zones', () => {
    const onTime = anObject('CronJob', 'hourly', {
      spec: { schedule: '0 * * * *' },
      status: { lastScheduleTime: ago(600) },
    });
    const suspended = anObject('CronJob', 's', {
      spec: { schedule: '* * * * *', suspend: true },
      status: { lastScheduleTime: ago(9000) },
    });
    const tz = anObject('CronJob', 'tz', {
      spec: { schedule: '0 * * * *', timeZone: 'Europe/Berlin' },
      status: { lastScheduleTime: ago(9000) },
    });
    expect(runDetector(sut, [onTime, suspended, tz])).toEqual([]);
  });
});
