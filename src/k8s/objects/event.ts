import type { KubeEvent } from './plain.js';

// An event's time and count, derived once. core/v1 Events carry them in up to four places
// depending on who wrote them (the old recorder: count, first/lastTimestamp; events.k8s.io
// writers: eventTime and series), so every reader asks here.

/** When the event was last seen: series, lastTimestamp, eventTime, then the object's creation. */
export function eventTime(e: KubeEvent): string {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';
}

/** When the event was first seen. */
export function eventFirstTime(e: KubeEvent): string {
  return e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';
}

/** How many times it happened: series count, the old count, else once. */
export function eventCount(e: KubeEvent): number {
  return e.series?.count ?? e.count ?? 1;
}
