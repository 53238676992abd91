import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service.js';
import { HttpAccess } from './http-access.js';
import { NamespacePolicy } from './namespace-policy.js';
import { OAuthVerifier } from './oauth-verifier.js';

/** Namespace policy, HTTP access, audit log and redaction, shared by every module. */
@Global()
@Module({
  providers: [NamespacePolicy, AuditLog, HttpAccess, OAuthVerifier],
  exports: [NamespacePolicy, AuditLog, HttpAccess, OAuthVerifier],
})
export class SecurityModule {}
