import type { AppConfig } from '../config/app-config.js';

import type { KubeUser } from '../common/kube/kube-user.js';

export type { KubeUser };

/** Which claims name the user and groups, as kube-apiserver's --oidc-*-claim / --oidc-*-prefix. */
export interface ClaimMapping {
  readonly usernameClaim: string;
  /** undefined: kube-apiserver's default ("<iss>#" unless the claim is email); "-": none. */
  readonly usernamePrefix?: string;
  readonly groupsClaim: string;
  readonly groupsPrefix?: string;
}

export function claimMappingOf(config: AppConfig): ClaimMapping {
  return {
    usernameClaim: config.K8S_MCP_IMPERSONATION_USERNAME_CLAIM,
    usernamePrefix: config.K8S_MCP_IMPERSONATION_USERNAME_PREFIX,
    groupsClaim: config.K8S_MCP_IMPERSONATION_GROUPS_CLAIM,
    groupsPrefix: config.K8S_MCP_IMPERSONATION_GROUPS_PREFIX,
  };
}

/**
 * The "system:" names are the API server's own (system:masters, system:serviceaccount:…, nodes):
 * a token must never make this server act as one of them, whatever an issuer puts in a claim.
 */
const RESERVED = 'system:';

/** Why a token cannot be mapped to a Kubernetes user. */
export class ClaimMappingError extends Error {}

/**
 * Maps an access token's claims to the Kubernetes user, as kube-apiserver's OIDC authenticator
 * does: the username claim must be a non-empty string (also when it is email: email_verified is
 * not required here, the issuer is trusted for it), the groups claim a string or a list of
 * strings (absent: no groups). Reserved names are refused: a username outright, a group dropped.
 */
export function kubeUserFromClaims(claims: Readonly<Record<string, unknown>>, m: ClaimMapping): KubeUser {
  const raw = claims[m.usernameClaim];
  if (typeof raw !== 'string' || raw === '')
    throw new ClaimMappingError(`the access token has no ${m.usernameClaim} claim to act as on Kubernetes`);
  const prefix =
    m.usernamePrefix === '-'
      ? ''
      : (m.usernamePrefix ?? (m.usernameClaim === 'email' ? '' : `${String(claims.iss ?? '')}#`));
  const username = prefix + raw;
  if (username.startsWith(RESERVED))
    throw new ClaimMappingError(`the access token's ${m.usernameClaim} names a reserved Kubernetes user`);
  const rawGroups = claims[m.groupsClaim];
  const list = typeof rawGroups === 'string' ? [rawGroups] : Array.isArray(rawGroups) ? rawGroups : [];
  const groups = [
    ...new Set(
      list
        .filter((g): g is string => typeof g === 'string' && g !== '')
        .map((g) => (m.groupsPrefix ?? '') + g)
        .filter((g) => !g.startsWith(RESERVED)),
    ),
  ];
  return { username, groups };
}

/** A cache key part that tells people apart: equal keys are the same Kubernetes user and groups. */
export function kubeUserKey(user: KubeUser): string {
  return JSON.stringify([user.username, [...user.groups].sort()]);
}
