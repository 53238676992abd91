import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { InformerRegistry } from '../../sync/informer-registry.js';

/**
 * The watch cache per kind, read from the SyncModule's status at scrape time. Labels are kinds
 * (a fixed list of 27), never namespaces or object names.
 */
@Injectable()
export class SyncMetrics {
  constructor(registry: Registry, sync: InformerRegistry) {
    const kinds = () => sync.status().kinds;
    new Gauge({
      name: 'k8s_mcp_sync_objects',
      help: 'Objects in the watch cache by kind',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        for (const k of kinds()) this.set({ kind: k.kind }, k.objects);
      },
    });
    new Gauge({
      name: 'k8s_mcp_sync_seconds_since_last_event',
      help: 'Seconds since the last watch event of a kind (kinds without one since start have no value)',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        const now = Date.now();
        for (const k of kinds()) {
          if (k.lastEventAt) this.set({ kind: k.kind }, (now - Date.parse(k.lastEventAt)) / 1000);
        }
      },
    });
    new Gauge({
      name: 'k8s_mcp_sync_watch_silence_seconds',
      help: 'Seconds since the quietest watch of a kind last heard from the API server (event, bookmark or list); kinds not yet synced have no value',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        this.reset();
        for (const k of kinds())
          if (k.silentSeconds !== undefined) this.set({ kind: k.kind }, k.silentSeconds);
      },
    });
    new Gauge({
      name: 'k8s_mcp_sync_health_score',
      help: 'Sync health score 0-100 (weighted share of healthy kinds)',
      registers: [registry],
      collect() {
        this.set(sync.status().healthScore);
      },
    });
    // The reflectors keep cumulative counts; a counter reset to that value at each scrape keeps
    // Prometheus counter semantics (the counts only grow for the life of the process).
    for (const [name, help, field] of [
      [
        'k8s_mcp_sync_relists_total',
        'Relists after 410 Gone or a periodic resync, by kind (the first list is not counted)',
        'relists',
      ],
      ['k8s_mcp_sync_watch_restarts_total', 'Watches restarted by kind', 'watchRestarts'],
      ['k8s_mcp_sync_errors_total', 'List or watch errors by kind', 'errors'],
    ] as const) {
      new Counter({
        name,
        help,
        labelNames: ['kind'],
        registers: [registry],
        collect() {
          this.reset();
          for (const k of kinds()) this.inc({ kind: k.kind }, k[field]);
        },
      });
    }
  }
}
