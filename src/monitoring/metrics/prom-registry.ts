import type { Provider } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Buckets for call and request durations in seconds: most calls take milliseconds (cache reads),
 * API round trips tens to hundreds, and anything past 10 s has already timed out for the client.
 */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One prom-client Registry per application instead of the process-global one: several apps in one
 * process (the e2e suites) would otherwise throw "metric already registered".
 */
export const promRegistryProvider: Provider = {
  provide: Registry,
  useFactory: (): Registry => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  },
};
