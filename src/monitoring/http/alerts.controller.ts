import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { AlertRecord } from '../alerts/alert-evaluator.js';
import { AlertService } from '../alerts/alert.service.js';
import { AlertsQuery } from './alerts.query.js';
import { MonitoringEnabledGuard } from './monitoring-enabled.guard.js';

/** Default window of GET /alerts: a day covers "what happened overnight". */
const DEFAULT_HOURS = 24;

/** Firing alerts and the recent alert history. */
@Controller('alerts')
@UseGuards(MonitoringEnabledGuard)
export class AlertsController {
  constructor(private readonly alerts: AlertService) {}

  @Get()
  list(@Query() query: AlertsQuery): { last_hours: number; firing: AlertRecord[]; history: AlertRecord[] } {
    const hours = query.last_hours ?? DEFAULT_HOURS;
    return {
      last_hours: hours,
      firing: this.alerts.firing(),
      history: this.alerts.history(Date.now() - hours * 3_600_000),
    };
  }
}
