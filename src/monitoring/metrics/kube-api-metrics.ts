import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { K8sService } from '../../k8s/k8s.service.js';
import type { KubeRequestObservation } from '../../k8s/kube-request-info.js';
import { DURATION_BUCKETS } from './prom-registry.js';

/**
 * Every request this server makes to the Kubernetes API server, timed (LISTs and reads to their
 * last byte, watches to their response headers), by verb and resource. Labels are bounded: verbs
 * and resource plurals, never namespaces or names.
 */
@Injectable()
export class KubeApiMetrics {
  private readonly duration: Histogram<'verb' | 'resource'>;
  private readonly requests: Counter<'verb' | 'resource' | 'code'>;

  constructor(registry: Registry, k8s: K8sService) {
    this.duration = new Histogram({
      name: 'k8s_mcp_kube_api_request_duration_seconds',
      help: 'Requests to the Kubernetes API server in seconds by verb and resource (watches: until the response headers)',
      labelNames: ['verb', 'resource'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.requests = new Counter({
      name: 'k8s_mcp_kube_api_requests_total',
      help: 'Requests to the Kubernetes API server by verb, resource and HTTP status (0: no response)',
      labelNames: ['verb', 'resource', 'code'],
      registers: [registry],
    });
    k8s.onKubeRequest((o) => this.record(o));
  }

  record({ verb, resource, code, seconds }: KubeRequestObservation): void {
    this.duration.observe({ verb, resource }, seconds);
    this.requests.inc({ verb, resource, code: String(code) });
  }
}
