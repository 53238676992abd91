// Every periodic job of the service runs through @nestjs/schedule's registry: listed by name while
// it runs, and gone once the app shuts down. Cost: about 3 s.
import { SchedulerRegistry } from '@nestjs/schedule';
import { JOBS } from '../../src/common/scheduling/intervals.js';
import { K8sService } from '../../src/k8s/k8s.service.js';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { connectClient, startApp } from '../helpers/mcp-app.js';

describe('scheduled jobs (real app)', () => {
  it('lists the probe, graph sweep, collector, idle-session sweep and summary tick, and clears them on shutdown', async () => {
    const sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), GRAPH_TTL: '3600' });
    const scheduler = sut.app.get(SchedulerRegistry);
    try {
      sut.app.get(K8sService).warmUp();
      const client = await connectClient(sut.url);
      await client.subscribeResource({ uri: 'k8s://anomalies' });
      expect(scheduler.getIntervals().sort()).toEqual(
        [JOBS.apiProbe, JOBS.collector, JOBS.graphSweep, JOBS.sessionSweep, JOBS.summaryTick].sort(),
      );
      // The summary tick runs only while someone is subscribed.
      await client.unsubscribeResource({ uri: 'k8s://anomalies' });
      expect(scheduler.getIntervals()).not.toContain(JOBS.summaryTick);
      await client.close();
    } finally {
      await sut.close();
    }
    expect(scheduler.getIntervals()).toEqual([]);
  });
});
