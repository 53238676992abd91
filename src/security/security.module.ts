import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service.js';
import { NamespacePolicy } from './namespace-policy.js';

/** Namespace policy, audit log and redaction, shared by every module. */
@Global()
@Module({ providers: [NamespacePolicy, AuditLog], exports: [NamespacePolicy, AuditLog] })
export class SecurityModule {}
