import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ClusterHealthIndicator } from './cluster.health.js';
import { HealthController } from './health.controller.js';

/** Health endpoints (metrics, history and alerts join this module as they arrive). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ClusterHealthIndicator],
})
export class MonitoringModule {}
