import { eventCount, eventTime, type KubeEvent } from '../../k8s/objects/index.js';
import { clip, secondsSince, type Detector, type Finding, shownBy } from './detector.js';

/** Many Warning events of one reason in one namespace within the event window. */
export const eventBurstDetector: Detector = {
  name: 'event-burst',
  description: 'Bursts of Warning events of one reason in a namespace within the last hour',
  detect({ snapshot, thresholds }) {
    const groups = new Map<
      string,
      {
        ns: string;
        reason: string;
        count: number;
        objects: Map<string, number>;
        first: string;
        last: KubeEvent;
      }
    >();
    for (const e of snapshot.all<KubeEvent>('Event')) {
      if (e.type !== 'Warning') continue;
      const t = eventTime(e);
      if (secondsSince(t, snapshot.now) > thresholds.eventWindowSeconds) continue;
      const ns = e.metadata.namespace ?? '';
      const key = `${ns}\u0000${e.reason ?? ''}`;
      const g = groups.get(key) ?? {
        ns,
        reason: e.reason ?? '',
        count: 0,
        countOf: 'events',
        objects: new Map(),
        first: t,
        last: e,
      };
      g.count += eventCount(e);
      const obj = `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`;
      g.objects.set(obj, (g.objects.get(obj) ?? 0) + eventCount(e));
      if (t < g.first) g.first = t;
      if (eventTime(g.last) < t) g.last = e;
      groups.set(key, g);
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      if (g.count < thresholds.eventBurstCount) continue;
      const [top] = [...g.objects.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const [kind, name] = top![0].split('/') as [string, string];
      out.push({
        detector: this.name,
        severity: 'warning',
        kind,
        namespace: g.ns || undefined,
        name,
        reason: g.reason,
        message: clip(
          `${g.count} Warning events "${g.reason}" on ${g.objects.size} objects in the last hour; latest: ${g.last.message ?? ''}`,
        ),
        count: g.count,
        countOf: 'events',
        since: g.first,
        hint: [shownBy('see them', 'k8s-get-events', { namespace: g.ns, type: 'Warning' })],
      });
    }
    return out;
  },
};
