import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { K8sService } from '../k8s/k8s.service.js';

/** The API server's reachability as a terminus indicator (uses the last probe; never blocks long). */
@Injectable()
export class ClusterHealthIndicator {
  constructor(
    private readonly k8s: K8sService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'cluster'): Promise<HealthIndicatorResult> {
    let status = this.k8s.status();
    // Before the first probe has finished, wait for it so a fresh process answers truthfully;
    // without periodic checks (HEALTH_CHECK_ENABLED=false) every request probes.
    if (status.state === 'connecting' || !this.k8s.periodicChecks()) status = await this.k8s.probe();
    const { state, ...facts } = status;
    const session = this.indicators.check(key);
    const data = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
    return state === 'up' ? session.up(data) : session.down(data);
  }
}
