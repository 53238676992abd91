import type { EndpointSlice, Service } from '../../k8s/objects/index.js';
import type { ClusterSnapshot } from '../cluster-snapshot.js';
import type { Detector, Finding } from './detector.js';

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
          out.push({
            ...base,
            severity: 'warning',
            reason: 'SelectorMatchesNothing',
            message: `selector ${Object.entries(selector)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')} matches no pod; 0 endpoints`,
            hint: 'compare the Service selector with the pod template labels of the workload it should front',
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
          hint: `its pods are not ready: k8s-get-pods {"namespace":"${ns}","labelSelector":"${Object.entries(
            selector,
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}"}`,
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
        hint: 'a selector-less Service needs EndpointSlices created for it',
      });
    }
    return out;
  },
};
