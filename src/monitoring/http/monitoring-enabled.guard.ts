import { type CanActivate, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** With MONITORING_ENABLED=false the JSON monitoring endpoints do not exist (404), saying why. */
@Injectable()
export class MonitoringEnabledGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.MONITORING_ENABLED) {
      throw new NotFoundException('monitoring is disabled (MONITORING_ENABLED=false)');
    }
    return true;
  }
}
