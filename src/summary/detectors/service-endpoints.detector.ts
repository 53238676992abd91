import {
  type EndpointSlice,
  fromMap,
  selectsSome,
  type Service,
  type Workload,
} from '../../k8s/objects/index.js';
import { WORKLOAD_KINDS } from './workload-unavailable.detector.js';
import type { ClusterSnapshot } from '../cluster-snapshot.js';
import { type Detector, type Finding, shownBy } from './detector.js';

/** A Service's selector as a label selector string (app=web,tier=api). */
const selectorText = (selector: Readonly<Record<string, string>>): string =>
  Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Cached objects are replaced, never changed, on update: a slice's counts can be kept. */
const countsOfSlice = new WeakMap<EndpointSlice, { ready: number; total: number }>();

function sliceCounts(slice: EndpointSlice): { ready: number; total: number } {
  let c = countsOfSlice.get(slice);
  if (!c) {
    c = { ready: 0, total: 0 };
    for (const e of slice.endpoints ?? []) {
      c.total++;
      // The API's rule: a missing ready condition means ready.
      if (e.conditions?.ready !== false) c.ready++;
    }
    countsOfSlice.set(slice, c);
  }
  return c;
}

/** Ready and total endpoints of a Service, from its EndpointSlices (one pass over all slices per snapshot). */
export function endpointCounts(snapshot: ClusterSnapshot, svc: Service): { ready: number; total: number } {
  const all = snapshot.memo('endpoint-counts', () => {
    const counts = new Map<string, { ready: number; total: number }>();
    for (const slice of snapshot.all<EndpointSlice>('EndpointSlice')) {
      const service = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!service) continue;
      const key = `${slice.metadata.namespace ?? ''}/${service}`;
      const c = counts.get(key) ?? { ready: 0, total: 0 };
      const own = sliceCounts(slice);
      c.ready += own.ready;
      c.total += own.total;
      counts.set(key, c);
    }
    return counts;
  });
  return all.get(`${svc.metadata.namespace ?? ''}/${svc.metadata.name}`) ?? { ready: 0, total: 0 };
}

/** Services without endpoints: selector matches nothing, or the selected pods are not ready. */
export const serviceEndpointsDetector: Detector = {
  name: 'service-endpoints',
  description:
    'Services whose selector matches no pod, whose endpoints are all or partly not ready, or that have no endpoints',
  detect({ snapshot }) {
    const out: Finding[] = [];
    const watchesSlices = snapshot.watches('EndpointSlice');
    for (const svc of snapshot.all<Service>('Service')) {
      if (svc.spec?.type === 'ExternalName') continue;
      const ns = svc.metadata.namespace ?? '';
      const base = { detector: this.name, kind: 'Service', namespace: ns, name: svc.metadata.name };
      const selector = svc.spec?.selector;
      if (selector && Object.keys(selector).length > 0) {
        // Every endpoint ready: healthy, whatever it selects (and most Services are: skip the pod lookup).
        if (watchesSlices) {
          const counts = endpointCounts(snapshot, svc);
          if (counts.total > 0 && counts.ready === counts.total) continue;
        }
        const pods = snapshot.podsSelectedBy(ns, selector).filter((p) => !p.metadata.deletionTimestamp);
        if (pods.length === 0) {
          const text = selectorText(selector);
          // A workload whose pods the selector would select (scaled to zero, or its pods failing
          // to be created) explains the emptiness; none at all means the selector is wrong and the
          // Service is down for everyone who calls it.
          // (Objects from a LIST carry no kind: it comes from the store they are in.)
          const templates = WORKLOAD_KINDS.flatMap((kind) =>
            snapshot
              .inNamespace<Workload>(kind, ns)
              .filter((w) => selectsSome(fromMap(selector), w.spec?.template?.metadata?.labels))
              .map((w) => `${kind} ${w.metadata.name}`),
          );
          out.push({
            ...base,
            severity: templates.length === 0 ? 'critical' : 'warning',
            reason: 'SelectorMatchesNothing',
            message:
              templates.length === 0
                ? `selector ${text} matches no pod and no workload's pod template; 0 endpoints`
                : `selector ${text} matches no pod (${templates.join(', ')} has none running); 0 endpoints`,
            // The first call answers "No pods found" for the selector: the fact itself.
            hint: [
              shownBy('no pod matches', 'k8s-get-pods', {
                namespace: ns,
                labelSelector: selectorText(selector),
              }),
              shownBy("the pods' labels", 'k8s-get-pods', { namespace: ns, output: 'json' }),
            ],
          });
          continue;
        }
        if (!watchesSlices) continue;
        const { ready, total } = endpointCounts(snapshot, svc);
        if (total > 0 && ready === total) continue;
        out.push({
          ...base,
          severity: ready === 0 ? 'critical' : 'warning',
          reason: ready === 0 ? 'NoReadyEndpoints' : 'EndpointsNotReady',
          message: `${ready}/${total} endpoints ready; ${pods.length} pods selected`,
          count: total - ready,
          countOf: 'endpoints not ready',
          hint: [
            shownBy('its pods are not ready', 'k8s-get-pods', {
              namespace: ns,
              labelSelector: selectorText(selector),
            }),
          ],
        });
        continue;
      }
      if (!watchesSlices) continue;
      // Without a selector the endpoints are managed by hand (or by a controller).
      const { ready, total } = endpointCounts(snapshot, svc);
      if (ready > 0) continue;
      out.push({
        ...base,
        severity: 'info',
        reason: 'NoEndpoints',
        message: `no selector and ${total === 0 ? 'no endpoints' : `${total} endpoints, none ready`}`,
        hint: ['a selector-less Service needs EndpointSlices created for it'],
      });
    }
    return out;
  },
};
