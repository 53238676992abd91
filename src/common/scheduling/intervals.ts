import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * Every periodic job of the service is registered with @nestjs/schedule's registry under a stable
 * name, so the jobs of an app can be listed (SchedulerRegistry.getIntervals()) and are all cleared
 * when the app shuts down. Timers are unref'd: a job never keeps the process alive by itself.
 * Starting a job that runs already replaces it, so a restart cannot leave two behind.
 */
export function startInterval(
  registry: SchedulerRegistry,
  name: string,
  everyMs: number,
  job: () => void,
): void {
  stopInterval(registry, name);
  const timer = setInterval(job, everyMs);
  timer.unref();
  registry.addInterval(name, timer);
}

/** Stops a job started by startInterval; a job that does not run is fine. */
export function stopInterval(registry: SchedulerRegistry, name: string): void {
  if (registry.doesExist('interval', name)) registry.deleteInterval(name);
}

/** Whether a job runs. */
export function intervalRunning(registry: SchedulerRegistry, name: string): boolean {
  return registry.doesExist('interval', name);
}

/** The names of the service's periodic jobs. */
export const JOBS = {
  apiProbe: 'k8s.api-probe',
  graphSweep: 'graph.ttl-sweep',
  sessionSweep: 'mcp.idle-session-sweep',
  summaryTick: 'mcp.summary-resource-tick',
  collector: 'monitoring.collector',
  journalFlush: 'timeline.journal-flush',
  contextIdleStop: 'contexts.idle-stop',
} as const;
