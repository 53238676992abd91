import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AlertEvaluator, type AlertRecord } from './alert-evaluator.js';
import { alertRules } from './alert-rule.js';

/** Three samples in a row (90 s at the default interval) before firing: one spike is not an incident. */
const FIRE_AFTER = 3;
/** As many clear samples before resolving, so an alert does not flap around its threshold. */
const RESOLVE_AFTER = 3;
/** Episodes kept for /alerts; old resolved ones go first. */
const HISTORY_LIMIT = 500;

/** Evaluates the alert rules on each collector sample; logs and counts every transition. */
@Injectable()
export class AlertService {
  private readonly logger = new Logger('Alerts');
  private readonly evaluator: AlertEvaluator;
  private readonly firingGauge: Gauge<'alert'>;
  private readonly transitions: Counter<'alert' | 'transition'>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, registry: Registry) {
    const rules = alertRules(config);
    this.evaluator = new AlertEvaluator(rules, {
      fireAfter: FIRE_AFTER,
      resolveAfter: RESOLVE_AFTER,
      historyLimit: HISTORY_LIMIT,
    });
    this.firingGauge = new Gauge({
      name: 'k8s_mcp_alerts_firing',
      help: '1 while the alert fires, else 0',
      labelNames: ['alert'],
      registers: [registry],
    });
    this.transitions = new Counter({
      name: 'k8s_mcp_alert_transitions_total',
      help: 'Alert state changes by alert and transition (fired, resolved)',
      labelNames: ['alert', 'transition'],
      registers: [registry],
    });
    for (const rule of rules) this.firingGauge.set({ alert: rule.name }, 0);
  }

  /** Feeds one sample's values. */
  evaluate(values: Readonly<Record<string, number>>, time: number): void {
    for (const { kind, record } of this.evaluator.evaluate(values, time)) {
      this.firingGauge.set({ alert: record.alert }, kind === 'fired' ? 1 : 0);
      this.transitions.inc({ alert: record.alert, transition: kind });
      if (kind === 'fired') this.logger.warn(`alert ${record.alert} firing: ${record.message}`);
      else this.logger.log(`alert ${record.alert} resolved: ${record.message}`);
    }
  }

  firing(): AlertRecord[] {
    return this.evaluator.firing();
  }

  /** Alerts firing now or resolved at or after `since` (ms since the epoch), newest first. */
  history(since: number): AlertRecord[] {
    return this.evaluator.history(since);
  }
}
