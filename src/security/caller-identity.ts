/**
 * Who is calling. A static bearer token's identity is issuer `static` and the token's configured
 * name (or a digest of the token); an OAuth identity will be its token's issuer and subject, so a
 * refreshed token of the same person keeps owning its sessions.
 */
export interface CallerIdentity {
  readonly issuer: string;
  readonly subject: string;
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
