import { getHeapStatistics } from 'node:v8';
import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
  MemoryHealthIndicator,
} from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditLogHealthIndicator } from './audit-log.health.js';
import { ClusterHealthIndicator } from './cluster.health.js';
import { SyncHealthIndicator } from './sync.health.js';

/** Heap in use above this share of V8's heap limit is reported down: the next big LIST may not fit. */
const HEAP_LIMIT_SHARE = 0.9;

/**
 * Terminus health, the specification's "system health check". Each component is a key of
 * terminus's `info`/`error`/`details`; any component down answers 503 with `status: "error"`.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthCheckService,
    private readonly cluster: ClusterHealthIndicator,
    private readonly sync: SyncHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly audit: AuditLogHealthIndicator,
  ) {}

  /**
   * Every component: `cluster` (the API server: reachability, version), `sync` (phase, score, each kind's
   * state), `memory_heap` (below 90% of the heap limit) and `audit_log` (writable).
   */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.cluster.check('cluster'),
      () => this.sync.check('sync'),
      () => this.memory.checkHeap('memory_heap', HEAP_LIMIT_SHARE * getHeapStatistics().heap_size_limit),
      () => this.audit.check('audit_log'),
    ]);
  }

  /** Liveness: answers 200 while the process serves HTTP; never depends on the cluster. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: the API server answers, the initial sync has completed (unless
   * HEALTH_READY_WAIT_FOR_SYNC=false), and, when the audit is fail-closed, the audit log can be
   * written. 503 with the reason otherwise.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.cluster.check('cluster')];
    if (this.config.HEALTH_READY_WAIT_FOR_SYNC)
      checks.push(() => this.sync.check('sync', { requireSynced: true }));
    if (this.audit.failClosed()) checks.push(() => this.audit.check('audit_log'));
    return this.health.check(checks);
  }
}
