import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ClusterHealthIndicator } from './cluster.health.js';

/** Terminus health (/health, /health/ready): 200 when the API server is reachable, 503 with the reason when it is not. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cluster: ClusterHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.cluster.check()]);
  }

  /** Liveness: answers 200 while the process serves HTTP; never depends on the cluster. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the API server is reachable (503 with the reason when not). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.cluster.check()]);
  }
}
