import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { isLoopbackHost } from '../config/exposure.js';
import { parseTokenEntry } from '../config/validators.js';
import { ANONYMOUS, type CallerIdentity, identityLabel } from './caller-identity.js';
import { looksLikeJwt, OAuthVerifier } from './oauth-verifier.js';

/** Routes that need neither a token nor a Host check: kubelet probes, which say only ok / not ok. */
export const OPEN_ROUTES: ReadonlySet<string> = new Set(['/health/live', '/health/ready']);

/**
 * The web console's page shell and static files: no data in them (the page asks /ui/api for
 * everything, with the token), so a browser can load them without a token; Host/Origin are still
 * checked.
 */
export const SHELL_ROUTES: ReadonlySet<string> = new Set(['/ui', '/ui/assets/:file']);

/**
 * The RFC 9728 protected-resource metadata, at the root and path-suffixed (for the resource URI
 * …/mcp): public, as a client reads it before it has a token. Registered only with OAuth on.
 */
export const METADATA_ROUTES: ReadonlySet<string> = new Set([
  '/.well-known/oauth-protected-resource',
  '/.well-known/oauth-protected-resource/*',
]);

/** Routes a metrics token may read (Prometheus scrapes). */
const METRICS_ROUTE = /^\/metrics(\/|$)/;

/** The result of the access check of one request. */
export type AccessDecision =
  | { readonly ok: true; readonly identity: CallerIdentity }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly message: string;
      /** The WWW-Authenticate value, when OAuth says more than the default challenge. */
      readonly challenge?: string;
    };

/**
 * What the access hook leaves on the raw request: the MCP SDK reads `auth` (its AuthInfo shape)
 * and hands it to handlers; `extra.identity` is the caller sessions are owned by.
 */
export type AuthedRequest = IncomingMessage & {
  auth?: {
    token: string;
    clientId: string;
    scopes: string[];
    extra?: { identity?: CallerIdentity };
  };
};

/** The identity the access hook attached to a request (anonymous when no tokens are configured). */
export function identityOf(req: IncomingMessage): CallerIdentity {
  return (req as AuthedRequest).auth?.extra?.identity ?? ANONYMOUS;
}

/** A stable, non-secret name for an unnamed token in logs and the audit trail. */
export function tokenIdentity(token: string): string {
  return `token:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

interface Credential {
  /** SHA-256 of the token: every comparison is over 32 bytes, so nothing leaks the token's length. */
  readonly digest: Buffer;
  readonly identity: CallerIdentity;
  readonly metricsOnly: boolean;
}

/**
 * `asPeople`: a named token stands for the Kubernetes user of its name (K8S_MCP_IMPERSONATION with
 * K8S_MCP_IMPERSONATION_STATIC_TOKENS); an unnamed or metrics token never does.
 */
function credentials(entries: readonly string[], metricsOnly: boolean, asPeople = false): Credential[] {
  return entries.flatMap((entry) => {
    const parsed = parseTokenEntry(entry);
    if (!parsed) return [];
    const subject = parsed.name ?? tokenIdentity(parsed.token);
    const name = parsed.name;
    const person =
      asPeople && name !== undefined && !metricsOnly
        ? {
            person: { issuer: 'static', subject: name, username: name },
            kubeUser: { username: name, groups: [] },
          }
        : {};
    return [
      {
        digest: sha256(parsed.token),
        identity: { issuer: 'static', subject: metricsOnly ? `metrics:${subject}` : subject, ...person },
        metricsOnly,
      },
    ];
  });
}

/** The token of an `Authorization: Bearer <token>` header. */
function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Host name of a Host header or Origin URL, lower case, without port or IPv6 brackets. */
function hostnameOf(value: string): string | undefined {
  try {
    const name = new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase();
    return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  } catch {
    return undefined;
  }
}

/**
 * Who may use which HTTP route. Every route but OPEN_ROUTES needs a configured bearer token when
 * tokens are configured (unknown paths too, so a caller cannot map the routes), and its Host and
 * Origin must name this server: DNS rebinding makes a browser send the attacker's host name, so
 * loopback names, IP literals, the bind host and K8S_MCP_ALLOWED_HOSTS pass, any other name is
 * refused — on every bind address.
 */
@Injectable()
export class HttpAccess {
  private readonly credentials: Credential[];
  private readonly anyHost: boolean;
  private readonly exactHosts: Set<string>;
  private readonly hostSuffixes: string[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() private readonly oauth?: OAuthVerifier,
  ) {
    this.credentials = [
      ...credentials(
        config.K8S_MCP_AUTH_TOKENS,
        false,
        config.K8S_MCP_IMPERSONATION && config.K8S_MCP_IMPERSONATION_STATIC_TOKENS,
      ),
      ...credentials(config.K8S_MCP_METRICS_TOKENS, true),
    ];
    const allowed = config.K8S_MCP_ALLOWED_HOSTS.map((h) => h.toLowerCase());
    this.anyHost = allowed.includes('*');
    this.exactHosts = new Set(allowed.filter((h) => !h.startsWith('*')).map((h) => hostnameOf(h) ?? h));
    const bind = config.K8S_MCP_HOST.toLowerCase();
    if (!isIP(bind) && bind !== '') this.exactHosts.add(bind);
    this.hostSuffixes = allowed.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
  }

  /** True when the HTTP routes need a token. */
  get authenticates(): boolean {
    return this.credentials.length > 0 || this.oauth?.enabled === true;
  }

  /**
   * decide(), then, with OAuth on, a bearer that is no static token and has the shape of a JWT is
   * validated as an access token; every 401 and 403-for-scope carries the RFC 9728 challenge.
   */
  async authorize(route: string | undefined, headers: IncomingHttpHeaders): Promise<AccessDecision> {
    const decision = this.decide(route, headers);
    const oauth = this.oauth;
    if (decision.ok || decision.status !== 401 || !oauth?.enabled) return decision;
    const metadata = `resource_metadata="${oauth.metadataUrl}"`;
    const token = bearerOf(headers.authorization);
    // No token at all: the bare challenge tells the client where to find the authorization server.
    if (token === undefined) return { ...decision, challenge: `Bearer ${metadata}` };
    if (!looksLikeJwt(token))
      return {
        ...decision,
        challenge: `Bearer ${metadata}, error="invalid_token", error_description="unknown bearer token"`,
      };
    const check = await oauth.verify(token);
    if (check.ok) return { ok: true, identity: check.identity };
    const scope = check.error === 'insufficient_scope' ? `, scope="${oauth.requiredScopes.join(' ')}"` : '';
    return {
      ok: false,
      status: check.status,
      message: check.description,
      challenge: `Bearer ${metadata}, error="${check.error}", error_description="${check.description}"${scope}`,
    };
  }

  /** `route` is the matched route pattern (undefined when no route matched). */
  decide(route: string | undefined, headers: IncomingHttpHeaders): AccessDecision {
    if (route !== undefined && OPEN_ROUTES.has(route)) return { ok: true, identity: ANONYMOUS };
    const hostProblem = this.hostProblem(headers);
    if (hostProblem) return { ok: false, status: 403, message: hostProblem };
    if (route !== undefined && METADATA_ROUTES.has(route)) return { ok: true, identity: ANONYMOUS };
    if (!this.authenticates || (route !== undefined && SHELL_ROUTES.has(route)))
      return { ok: true, identity: ANONYMOUS };
    const credential = this.match(headers.authorization);
    if (!credential || (credential.metricsOnly && !(route !== undefined && METRICS_ROUTE.test(route))))
      return {
        ok: false,
        status: 401,
        message: 'missing or invalid bearer token (Authorization: Bearer <token>)',
      };
    return { ok: true, identity: credential.identity };
  }

  /** How an identity shows in logs and the audit log. */
  label(identity: CallerIdentity): string {
    return identityLabel(identity);
  }

  private match(header: string | undefined): Credential | undefined {
    const token = bearerOf(header);
    if (token === undefined) return undefined;
    const given = sha256(token);
    // Every credential is compared (no early exit), each in constant time over 32 bytes.
    let found: Credential | undefined;
    for (const c of this.credentials) if (timingSafeEqual(c.digest, given) && !found) found = c;
    return found;
  }

  private hostProblem(headers: IncomingHttpHeaders): string | undefined {
    const host = headers.host ?? '';
    if (!this.hostAllowed(hostnameOf(host))) {
      return `Host header '${host}' refused: not this server's name (add it to K8S_MCP_ALLOWED_HOSTS)`;
    }
    const origin = headers.origin;
    if (origin !== undefined && origin !== 'null' && !this.hostAllowed(hostnameOf(origin)))
      return `Origin '${origin}' refused: not this server's name (add it to K8S_MCP_ALLOWED_HOSTS)`;
    return undefined;
  }

  private hostAllowed(name: string | undefined): boolean {
    if (!name) return false;
    if (this.anyHost || isLoopbackHost(name) || isIP(name) !== 0 || this.exactHosts.has(name)) return true;
    return this.hostSuffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  }
}
