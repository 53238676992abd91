import { isIP } from 'node:net';
import type { AppConfig } from './app-config.js';

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', 'ip6-localhost', '::1', '[::1]']);

/** True for a name or address that only this machine can reach (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Why the server must not start with this configuration, or undefined: an HTTP bind that other
 * machines can reach, with no token, is an open door to the cluster unless the operator said so
 * (K8S_MCP_ALLOW_UNAUTHENTICATED=true).
 */
export function unsafeExposure(
  config: Pick<
    AppConfig,
    | 'K8S_MCP_TRANSPORT'
    | 'K8S_MCP_HOST'
    | 'K8S_MCP_AUTH_TOKENS'
    | 'K8S_MCP_OAUTH_ISSUER'
    | 'K8S_MCP_ALLOW_UNAUTHENTICATED'
  >,
): string | undefined {
  if (config.K8S_MCP_TRANSPORT !== 'http' || isLoopbackHost(config.K8S_MCP_HOST)) return undefined;
  if (
    config.K8S_MCP_AUTH_TOKENS.length > 0 ||
    config.K8S_MCP_OAUTH_ISSUER ||
    config.K8S_MCP_ALLOW_UNAUTHENTICATED
  )
    return undefined;
  return `refusing to serve HTTP on the non-loopback address ${config.K8S_MCP_HOST} without authentication: set K8S_MCP_AUTH_TOKENS, bind to 127.0.0.1, or set K8S_MCP_ALLOW_UNAUTHENTICATED=true`;
}
