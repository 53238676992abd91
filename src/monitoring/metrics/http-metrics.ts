import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { DURATION_BUCKETS } from './prom-registry.js';

/** Requests of one route in the current window. */
export interface RouteTally {
  requests: number;
  totalSeconds: number;
}

/** Counts and times HTTP requests by route pattern (never the raw URL: unbounded label values). */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly duration: Histogram<'route' | 'method'>;
  private window = new Map<string, RouteTally>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'k8s_mcp_http_requests_total',
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'k8s_mcp_http_request_duration_seconds',
      help: 'HTTP request duration in seconds by route pattern and method (streams: their lifetime)',
      labelNames: ['route', 'method'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /**
   * One finished request. `stream` marks long-lived event streams (GET /sse, GET /mcp): counted,
   * but kept out of the windowed response time, where their lifetime would read as slowness.
   */
  record(route: string, method: string, status: number, seconds: number, stream: boolean): void {
    this.requests.inc({ route, method, status: String(status) });
    this.duration.observe({ route, method }, seconds);
    if (stream) return;
    let t = this.window.get(route);
    if (!t) this.window.set(route, (t = { requests: 0, totalSeconds: 0 }));
    t.requests++;
    t.totalSeconds += seconds;
  }

  /** Per-route tallies since the previous drain; starts a new window. */
  drain(): ReadonlyMap<string, RouteTally> {
    const window = this.window;
    this.window = new Map();
    return window;
  }
}
