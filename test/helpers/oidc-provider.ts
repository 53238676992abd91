// A real OpenID Provider (oidc-provider) on loopback for e2e tests, with a key generated at test
// time: confidential clients get JWT access tokens for one resource URI (RFC 8707) through the
// client_credentials grant, each carrying the claims of the person it stands for.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TestIssuer {
  readonly issuer: string;
  /** An access token for the person the client stands for (client id = the person's key). */
  token(person: string): Promise<string>;
  stop(): Promise<void>;
}

/** `people`: client id → the extra claims its tokens carry (e.g. preferred_username, groups). */
export async function startIssuer(
  resource: string,
  scope: string,
  people: Record<string, Record<string, unknown>>,
): Promise<TestIssuer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const secret = (id: string) => `${id}-secret-`.repeat(4);
  const provider = new Provider(issuer, {
    clients: Object.keys(people).map((id) => ({
      client_id: id,
      client_secret: secret(id),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'ES256',
      scope,
    })),
    jwks: { keys: [jwk] },
    scopes: ['openid', scope],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        getResourceServerInfo: () => ({
          scope,
          audience: resource,
          accessTokenFormat: 'jwt' as const,
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'ES256', kid: 'k1' } },
        }),
      },
    },
    extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => people[token.clientId ?? ''],
  });
  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    issuer,
    async token(person) {
      const reply = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope,
          resource,
          client_id: person,
          client_secret: secret(person),
        }),
      });
      const body = (await reply.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`no token: ${reply.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The server settings of a resource server for `issuer` whose people reach the API server as
 * themselves: `preferred_username` as the user, both user and groups prefixed `oidc:`.
 */
export const impersonationSettings = (issuer: TestIssuer, resource: string, scope: string) => ({
  K8S_MCP_OAUTH_ISSUER: issuer.issuer,
  K8S_MCP_OAUTH_AUDIENCE: resource,
  K8S_MCP_OAUTH_REQUIRED_SCOPES: scope,
  K8S_MCP_IMPERSONATION: 'true',
  K8S_MCP_IMPERSONATION_USERNAME_CLAIM: 'preferred_username',
  K8S_MCP_IMPERSONATION_USERNAME_PREFIX: 'oidc:',
  K8S_MCP_IMPERSONATION_GROUPS_PREFIX: 'oidc:',
});
