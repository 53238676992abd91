import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Host name of a Host header or Origin URL, without the port (the SDK's own check wants the port too). */
function hostnameOf(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A stable, non-secret name for a token in logs and the audit trail. */
export function tokenIdentity(token: string): string {
  return `token:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

/** The request object the MCP SDK reads `auth` from. */
export type AuthedRaw = FastifyRequest['raw'] & {
  auth?: { token: string; clientId: string; scopes: string[] };
};

/**
 * Guards the MCP endpoints: DNS-rebinding protection when bound to loopback (Host and Origin
 * must name a loopback host, any port), and bearer-token authentication when tokens are set.
 */
@Injectable()
export class HttpAccessGuard implements CanActivate {
  private readonly loopbackOnly: boolean;
  private readonly tokens: Buffer[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.loopbackOnly = LOOPBACK_NAMES.has(config.K8S_MCP_HOST.toLowerCase());
    this.tokens = config.K8S_MCP_AUTH_TOKENS.map((t) => Buffer.from(t));
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.loopbackOnly) this.checkHost(req);
    if (this.tokens.length > 0) this.authenticate(req);
    return true;
  }

  private checkHost(req: FastifyRequest): void {
    const host = hostnameOf(req.headers.host ?? '');
    if (!host || !LOOPBACK_NAMES.has(host)) {
      throw new ForbiddenException(
        `Host header '${req.headers.host ?? ''}' refused: this server only answers loopback hosts`,
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      const name = hostnameOf(origin);
      if (!name || !LOOPBACK_NAMES.has(name)) throw new ForbiddenException(`Origin '${origin}' refused`);
    }
  }

  private authenticate(req: FastifyRequest): void {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match ? Buffer.from(match[1]!) : undefined;
    const ok =
      given !== undefined && this.tokens.some((t) => t.length === given.length && timingSafeEqual(t, given));
    if (!ok)
      throw new UnauthorizedException('missing or invalid bearer token (Authorization: Bearer <token>)');
    (req.raw as AuthedRaw).auth = { token: match![1]!, clientId: tokenIdentity(match![1]!), scopes: [] };
  }
}
