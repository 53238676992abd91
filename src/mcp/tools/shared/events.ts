import { eventCount, eventFirstTime, eventTime, type KubeEvent } from '../../../k8s/objects/index.js';

export type { KubeEvent };

/** Repeated events folded into one line. */
export interface AggregatedEvent {
  readonly namespace: string;
  readonly type: string;
  readonly reason: string;
  readonly object: string;
  readonly message: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly source: string;
}

/** Folds events with the same type, reason, object and message; newest first. */
export function aggregateEvents(events: readonly KubeEvent[]): AggregatedEvent[] {
  const groups = new Map<string, AggregatedEvent>();
  for (const e of events) {
    const object = `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`;
    const namespace = e.metadata.namespace ?? '';
    const key = [namespace, e.type, e.reason, object, e.message].join('\u0000');
    const count = eventCount(e);
    const prev = groups.get(key);
    const last = eventTime(e);
    const first = eventFirstTime(e);
    groups.set(key, {
      namespace,
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      object,
      message: (e.message ?? '').trim(),
      count: (prev?.count ?? 0) + count,
      firstSeen: prev && prev.firstSeen < first ? prev.firstSeen : first,
      lastSeen: prev && prev.lastSeen > last ? prev.lastSeen : last,
      source: e.reportingComponent || e.source?.component || '',
    });
  }
  return [...groups.values()].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}
