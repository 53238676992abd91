import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { CallerIdentity } from './caller-identity.js';
import {
  type ClaimMapping,
  claimMappingOf,
  ClaimMappingError,
  type KubeUser,
  kubeUserFromClaims,
} from './kube-user.js';

/**
 * Signature algorithms accepted on access tokens: asymmetric ones only, so a token can never be
 * "signed" with a public key used as an HMAC secret, and `none` never passes.
 */
export const ACCESS_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/**
 * An unknown kid makes jose fetch the JWKS again (a key rotation at the issuer), but at most once
 * per this many ms, so tokens with made-up kids cannot turn this server into a flood at the issuer.
 */
const JWKS_COOLDOWN_MS = 5_000;
/** A JWKS that has not been fetched for this long is fetched again before use. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

/** Three base64url parts: a JWS compact serialization, so an OAuth access token and not a static token. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

/** The outcome of checking one access token. */
export type TokenCheck =
  | { readonly ok: true; readonly identity: CallerIdentity }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly error: 'invalid_token' | 'insufficient_scope';
      readonly description: string;
    };

/**
 * Validates OAuth access tokens locally (the token is never sent anywhere): signature against the
 * issuer's JWKS (cached; refetched on an unknown kid, so key rotation needs no restart), iss, aud
 * = this server's resource URI (RFC 8707), exp/nbf/iat with K8S_MCP_OAUTH_CLOCK_SKEW, and the
 * required scopes.
 */
@Injectable()
export class OAuthVerifier {
  private readonly logger = new Logger(OAuthVerifier.name);
  private jwks?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  private readonly mapping: ClaimMapping;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.mapping = claimMappingOf(config);
  }

  get enabled(): boolean {
    return this.config.K8S_MCP_OAUTH_ISSUER !== undefined;
  }

  get issuer(): string {
    return this.config.K8S_MCP_OAUTH_ISSUER ?? '';
  }

  get resource(): string {
    return this.config.K8S_MCP_OAUTH_AUDIENCE ?? '';
  }

  get requiredScopes(): readonly string[] {
    return this.config.K8S_MCP_OAUTH_REQUIRED_SCOPES;
  }

  /**
   * Where the protected-resource metadata of this resource is (RFC 9728 §3.1): the well-known
   * segment between the resource URI's host and its path.
   */
  get metadataUrl(): string {
    const url = new URL(this.resource);
    const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
    return `${url.origin}/.well-known/oauth-protected-resource${path}`;
  }

  /** The RFC 9728 document. */
  metadata(): Record<string, unknown> {
    return {
      resource: this.resource,
      authorization_servers: [this.issuer],
      bearer_methods_supported: ['header'],
      ...(this.requiredScopes.length > 0 ? { scopes_supported: [...this.requiredScopes] } : {}),
      resource_name: 'k8s-mcp',
    };
  }

  async verify(token: string): Promise<TokenCheck> {
    let payload: JWTPayload;
    try {
      const jwks = await this.keySet();
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: this.issuer,
        audience: this.resource,
        clockTolerance: this.config.K8S_MCP_OAUTH_CLOCK_SKEW,
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      return { ok: false, status: 401, error: 'invalid_token', description: describe(err) };
    }
    const scopes = scopesOf(payload);
    const missing = this.requiredScopes.filter((s) => !scopes.includes(s));
    if (missing.length > 0)
      return {
        ok: false,
        status: 403,
        error: 'insufficient_scope',
        description: `the access token lacks the scope(s) ${missing.join(' ')}`,
      };
    let kubeUser: KubeUser | undefined;
    if (this.config.K8S_MCP_IMPERSONATION) {
      // Fail closed: a person who cannot be named to the API server must not act as the server.
      try {
        kubeUser = kubeUserFromClaims(payload, this.mapping);
      } catch (err) {
        if (!(err instanceof ClaimMappingError)) throw err;
        return { ok: false, status: 401, error: 'invalid_token', description: err.message };
      }
    }
    const issuer = payload.iss!;
    const subject = payload.sub!;
    const username = stringClaim(payload.preferred_username) ?? stringClaim(payload.email);
    const groups = Array.isArray(payload.groups)
      ? payload.groups.filter((g): g is string => typeof g === 'string')
      : undefined;
    return {
      ok: true,
      identity: {
        issuer,
        subject,
        person: {
          issuer,
          subject,
          ...(username ? { username } : {}),
          ...(groups ? { groups } : {}),
          ...(payload.jti ? { tokenId: payload.jti } : {}),
          ...(clientOf(payload) ? { clientId: clientOf(payload) } : {}),
        },
        ...(kubeUser ? { kubeUser } : {}),
      },
    };
  }

  /** The JWKS, its address found once (from the setting or the issuer's discovery document). */
  private keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.jwks ??= this.jwksUrl().then(
      (url) =>
        createRemoteJWKSet(new URL(url), {
          cooldownDuration: JWKS_COOLDOWN_MS,
          cacheMaxAge: JWKS_MAX_AGE_MS,
          timeoutDuration: FETCH_TIMEOUT_MS,
        }),
      (err: unknown) => {
        // Discovery failed (issuer down): the next token tries again.
        this.jwks = undefined;
        throw err;
      },
    );
    return this.jwks;
  }

  private async jwksUrl(): Promise<string> {
    if (this.config.K8S_MCP_OAUTH_JWKS_URL) return this.config.K8S_MCP_OAUTH_JWKS_URL;
    const base = this.issuer.replace(/\/$/, '');
    const tried: string[] = [];
    for (const doc of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const url = `${base}${doc}`;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        if (!res.ok) {
          tried.push(`${url}: HTTP ${res.status}`);
          continue;
        }
        const body = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
        if (body.issuer !== this.issuer) {
          tried.push(`${url}: names issuer ${JSON.stringify(body.issuer)}`);
          continue;
        }
        if (typeof body.jwks_uri === 'string') return body.jwks_uri;
        tried.push(`${url}: no jwks_uri`);
      } catch (err) {
        tried.push(`${url}: ${(err as Error).message}`);
      }
    }
    const message = `no JWKS for issuer ${this.issuer} (set K8S_MCP_OAUTH_JWKS_URL): ${tried.join('; ')}`;
    this.logger.warn(message);
    throw new Error(message);
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function clientOf(payload: JWTPayload): string | undefined {
  return stringClaim(payload.azp) ?? stringClaim(payload.client_id);
}

/** `scope` (space-separated, RFC 9068) or `scp` (a list or a string, as some issuers write it). */
function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

/** What a client is told about a refused token: the check that failed, never the token. */
function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'the access token is not for this resource (aud)';
    if (err.claim === 'iss') return 'the access token is from another issuer (iss)';
    if (err.claim === 'nbf') return 'the access token is not valid yet (nbf)';
    return `the access token's ${err.claim} claim is invalid`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  if (err instanceof errors.JWKSNoMatchingKey)
    return "the access token's signing key is not in the issuer's JWKS";
  if (err instanceof errors.JOSEAlgNotAllowed)
    return 'the access token is signed with an algorithm not accepted';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid)
    return 'the access token is malformed';
  if (err instanceof errors.JOSEError) return `the access token was refused (${err.code})`;
  return "the access token could not be checked: the issuer's keys are unavailable";
}
