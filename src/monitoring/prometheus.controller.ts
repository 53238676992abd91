import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';

/**
 * Prometheus text exposition of this app's registry. Stays on with MONITORING_ENABLED=false: the
 * counters cost nothing without the collector and scrapers should not break on the switch.
 */
@Controller('metrics')
export class PrometheusController {
  constructor(private readonly registry: Registry) {}

  @Get('prometheus')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
