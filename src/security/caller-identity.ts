import type { KubeUser } from './kube-user.js';

/**
 * Who is calling. A static bearer token's identity is issuer `static` and the token's configured
 * name (or a digest of the token); an OAuth identity will be its token's issuer and subject, so a
 * refreshed token of the same person keeps owning its sessions.
 */
export interface CallerIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** What an OAuth access token says about the person, for the audit log (never a metric label). */
  readonly person?: Person;
  /** Who the API server sees under K8S_MCP_IMPERSONATION (absent: the server's own identity). */
  readonly kubeUser?: KubeUser;
}

/** The person behind an OAuth access token, as its claims name them. */
export interface Person {
  readonly issuer: string;
  readonly subject: string;
  /** preferred_username, else email. */
  readonly username?: string;
  readonly groups?: readonly string[];
  /** The token's jti. */
  readonly tokenId?: string;
  /** The OAuth client the token was issued to: azp, else client_id. */
  readonly clientId?: string;
}

/** Everyone, when no tokens are configured (a loopback bind or an explicit opt-out). */
export const ANONYMOUS: CallerIdentity = Object.freeze({ issuer: 'none', subject: 'anonymous' });

/** The key sessions are owned by: equal keys are the same caller. */
export function identityKey(identity: CallerIdentity): string {
  return `${identity.issuer}\u0000${identity.subject}`;
}

/** How the identity shows in the audit log and logs (never a token). */
export function identityLabel(identity: CallerIdentity): string {
  return identity.issuer === 'static' || identity.issuer === 'none'
    ? identity.subject
    : `${identity.issuer}#${identity.subject}`;
}
