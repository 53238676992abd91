import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditLog } from '../security/audit-log.service.js';

/** Whether the audit log can be written (up with `enabled: false` when auditing is off). */
@Injectable()
export class AuditLogHealthIndicator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Fail-closed unless K8S_AUDIT_FAIL_OPEN=true: a replica that cannot audit must not take tool calls. */
  failClosed(): boolean {
    return this.audit.failClosed;
  }

  check(key = 'audit_log'): HealthIndicatorResult {
    const session = this.indicators.check(key);
    if (!this.config.K8S_AUDIT_ENABLED) return session.up({ enabled: false });
    const path = this.config.K8S_AUDIT_LOG_PATH;
    const reason = this.audit.writable() ? undefined : this.audit.unwritableReason();
    const data = { enabled: true, path, failClosed: this.failClosed() };
    return reason === undefined
      ? session.up(data)
      : session.down({ ...data, message: `not writable: ${reason}` });
  }
}
