// The OAuth 2.1 resource server (issue 15 items 1 and 4) against a real authorization server:
// oidc-provider on loopback, keys generated here, JWT access tokens for our resource URI (RFC 8707)
// through the client_credentials grant. Our server validates them locally with the issuer's JWKS.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import Provider from 'oidc-provider';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { call, connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';

const SCOPE = 'k8s-mcp:tools';
const OTHER_RESOURCE = 'https://other.example/api';
const CLIENTS = [
  { client_id: 'alice-cli', client_secret: 'alice-secret-alice-secret-alice-secret' },
  { client_id: 'bob-cli', client_secret: 'bob-secret-bob-secret-bob-secret-bob' },
];
/** Who each client stands for: the claims a person's token carries (client_credentials has no user). */
const PEOPLE: Record<string, { preferred_username: string; groups: string[] }> = {
  'alice-cli': { preferred_username: 'alice', groups: ['team-a'] },
  'bob-cli': { preferred_username: 'bob', groups: ['team-b', 'scalers'] },
  'pkce-cli': { preferred_username: 'carol', groups: ['team-c'] },
};
/** A public client (no secret) that runs the authorization-code flow with PKCE, as MCP clients do. */
const PKCE_CLIENT = 'pkce-cli';
const REDIRECT = 'http://127.0.0.1:9/callback';
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const STATIC = `static-${Math.random().toString(36).slice(2)}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function signingKey(kid: string): Promise<{ jwk: JWK; privateKey: PrivateKey }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { jwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' }, privateKey };
}

/** A real OpenID Provider on loopback; its keys are given in order, the signing one named by kid. */
async function startProvider(
  port: number,
  keys: JWK[],
  signingKid: string,
  resource: string,
): Promise<Server> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      ...CLIENTS.map((c) => ({
        ...c,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
        scope: `${SCOPE} other`,
      })),
      {
        client_id: PKCE_CLIENT,
        application_type: 'native',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys },
    scopes: ['openid', SCOPE, 'other'],
    features: {
      // Its login and consent forms, driven by fetch below: any login name is accepted.
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        // Both our resource and another one issue JWTs; scope lists what each accepts.
        getResourceServerInfo: (_ctx: unknown, indicator: string) => ({
          scope: `${SCOPE} other`,
          audience: indicator,
          accessTokenFormat: 'jwt' as const,
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'ES256', kid: signingKid } },
        }),
      },
    },
    extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => PEOPLE[token.clientId ?? ''],
  });
  const server = provider.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

async function stop(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('OAuth 2.1 resource server', () => {
  let providerPort: number;
  let issuer: string;
  let resource: string;
  let provider: Server | undefined;
  let sut: RunningApp;
  let first: { jwk: JWK; privateKey: PrivateKey };

  async function token(clientIndex: number, scope = SCOPE, res = resource): Promise<string> {
    const c = CLIENTS[clientIndex]!;
    const reply = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource: res, ...c }),
    });
    const body = (await reply.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token: ${reply.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async function mcpStatus(bearer?: string): Promise<{ status: number; challenge: string | null }> {
    const res = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '0' },
        },
      }),
    });
    await res.text();
    return { status: res.status, challenge: res.headers.get('www-authenticate') };
  }

  beforeAll(async () => {
    providerPort = await freePort();
    issuer = `http://127.0.0.1:${providerPort}`;
    const port = await freePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    first = await signingKey('key-1');
    provider = await startProvider(providerPort, [first.jwk], 'key-1', resource);
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_MCP_PORT: String(port),
      K8S_MCP_AUTH_TOKENS: `ops:${STATIC}`,
      K8S_MCP_OAUTH_ISSUER: issuer,
      K8S_MCP_OAUTH_AUDIENCE: resource,
      K8S_MCP_OAUTH_REQUIRED_SCOPES: SCOPE,
    });
  }, 60_000);

  afterAll(async () => {
    await sut?.close();
    await stop(provider);
  });

  it('serves RFC 9728 metadata without a token, at the root and path-suffixed', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const res = await fetch(`${sut.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        resource,
        authorization_servers: [issuer],
        bearer_methods_supported: ['header'],
        scopes_supported: [SCOPE],
        resource_name: 'k8s-mcp',
      });
    }
  });

  it('answers 401 with resource_metadata when no token is sent, on every protected route', async () => {
    const metadata = `resource_metadata="${resource.replace('/mcp', '')}/.well-known/oauth-protected-resource/mcp"`;
    expect(await mcpStatus()).toEqual({ status: 401, challenge: `Bearer ${metadata}` });
    for (const path of ['/metrics', '/health', '/no/such/route']) {
      const res = await fetch(`${sut.url}${path}`);
      expect([path, res.status, res.headers.get('www-authenticate')]).toEqual([
        path,
        401,
        `Bearer ${metadata}`,
      ]);
    }
    const unknown = await mcpStatus('not-a-known-static-token');
    expect(unknown.status).toBe(401);
    expect(unknown.challenge).toContain('error="invalid_token"');
  });

  it('a valid access token calls a tool over Streamable HTTP; the audit line names the person', async () => {
    for (const [i, person] of [
      [0, 'alice'],
      [1, 'bob'],
    ] as const) {
      const client = await connectClient(sut.url, { authorization: `Bearer ${await token(i)}` });
      try {
        const result = await call(client, 'k8s-get-pods', { namespace: 'default' });
        expect(result.isError ?? false).toBe(false);
        expect(textOf(result)).not.toBe('');
      } finally {
        await client.close();
      }
      const lines = (await sut.audit()).filter((r) => r.person?.username === person);
      expect(lines.length).toBeGreaterThan(0);
      const line = lines.at(-1)!;
      expect(line.identity).toBe(`${issuer}#${CLIENTS[i]!.client_id}`);
      expect(line.person).toMatchObject({
        issuer,
        subject: CLIENTS[i]!.client_id,
        clientId: CLIENTS[i]!.client_id,
        username: person,
        groups: PEOPLE[CLIENTS[i]!.client_id]!.groups,
      });
      expect(line.person?.tokenId).toEqual(expect.any(String));
    }
    // No person's name reaches a Prometheus label.
    const prom = await fetch(`${sut.url}/metrics/prometheus`, {
      headers: { authorization: `Bearer ${STATIC}` },
    });
    const text = await prom.text();
    expect(prom.status).toBe(200);
    expect(text).not.toMatch(/alice|bob-cli|alice-cli/);
  });

  it('a static token keeps working beside OAuth', async () => {
    const client = await connectClient(sut.url, { authorization: `Bearer ${STATIC}` });
    try {
      expect((await call(client, 'k8s-get-pods', { namespace: 'default' })).isError ?? false).toBe(false);
    } finally {
      await client.close();
    }
    expect((await sut.audit()).at(-1)).toMatchObject({ identity: 'ops' });
    expect((await sut.audit()).at(-1)?.person).toBeUndefined();
  });

  it('refuses wrong-audience, wrong-issuer, wrongly signed, expired and under-scoped tokens', async () => {
    const refused = async (bearer: string, status: number, error: string, description: RegExp) => {
      const got = await mcpStatus(bearer);
      expect(got.status).toBe(status);
      expect(got.challenge).toContain(`resource_metadata="`);
      expect(got.challenge).toContain(`error="${error}"`);
      expect(got.challenge).toMatch(description);
    };
    await refused(await token(0, SCOPE, OTHER_RESOURCE), 401, 'invalid_token', /not for this resource/);
    await refused(await token(0, 'other'), 403, 'insufficient_scope', new RegExp(`scope="${SCOPE}"`));

    // Same kid as the provider's key, another key: the signature cannot verify.
    const forged = await signingKey('key-1');
    const claims = { scope: SCOPE, client_id: 'alice-cli' };
    const sign = (key: PrivateKey, iss: string, exp: number | string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'key-1', typ: 'at+jwt' })
        .setIssuer(iss)
        .setAudience(resource)
        .setSubject('alice-cli')
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
    await refused(await sign(forged.privateKey, issuer, '5m'), 401, 'invalid_token', /signature is invalid/);
    await refused(
      await sign(first.privateKey, 'http://127.0.0.1:1/', '5m'),
      401,
      'invalid_token',
      /another issuer/,
    );
    // Expired beyond the 30 s clock skew, signed with the provider's own key.
    const expiredAt = Math.floor(Date.now() / 1000) - 120;
    await refused(await sign(first.privateKey, issuer, expiredAt), 401, 'invalid_token', /expired/);
    // Within the skew it is still accepted.
    expect(
      (await mcpStatus(await sign(first.privateKey, issuer, Math.floor(Date.now() / 1000) - 5))).status,
    ).toBe(200);
  });

  it('picks up a key rotation at the provider without a restart', async () => {
    // The old key is cached; the provider restarts signing with a new key (the old one kept).
    const before = await token(0);
    expect((await mcpStatus(before)).status).toBe(200);
    await stop(provider);
    const second = await signingKey('key-2');
    provider = await startProvider(providerPort, [second.jwk, first.jwk], 'key-2', resource);
    const after = await token(1);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe('key-2');
    // An unknown kid refetches the JWKS at most once per 5 s (the cooldown against made-up kids).
    await new Promise((r) => setTimeout(r, 5_200));
    expect((await mcpStatus(after)).status).toBe(200);
    expect((await mcpStatus(before)).status).toBe(200);
  }, 30_000);

  it('lets the MCP SDK client run the authorization-code flow with PKCE from the 401', async () => {
    let authorizationUrl: URL | undefined;
    let verifier = '';
    let saved: OAuthTokens | undefined;
    const provider: OAuthClientProvider = {
      redirectUrl: REDIRECT,
      clientMetadata: { redirect_uris: [REDIRECT], client_name: 'e2e', scope: SCOPE },
      clientInformation: () => ({ client_id: PKCE_CLIENT }),
      tokens: () => saved,
      saveTokens: (t) => {
        saved = t;
      },
      redirectToAuthorization: (url) => {
        authorizationUrl = url;
      },
      saveCodeVerifier: (v) => {
        verifier = v;
      },
      codeVerifier: () => verifier,
    };
    const first = new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`), { authProvider: provider });
    await expect(new Client({ name: 'pkce', version: '1' }).connect(first)).rejects.toThrow(/Unauthorized/);
    expect(authorizationUrl?.origin).toBe(issuer);
    expect(authorizationUrl?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl?.searchParams.get('resource')).toBe(resource);

    // The person in the browser: log in as carol, then consent; cookies carried by hand.
    const jar = new Map<string, string>();
    const go = async (url: string, body?: Record<string, string>): Promise<string> => {
      const res = await fetch(url, {
        method: body ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: body ? new URLSearchParams(body) : undefined,
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      await res.text();
      const location = res.headers.get('location');
      if (!location) throw new Error(`no redirect from ${url}: ${res.status}`);
      return new URL(location, url).toString();
    };
    let next = await go(authorizationUrl!.toString());
    for (const prompt of ['login', 'consent']) {
      expect(next).toMatch(/\/interaction\//);
      next = await go(next, { prompt, login: 'carol', password: 'x' });
      next = await go(next);
    }
    const code = new URL(next).searchParams.get('code');
    expect(next.startsWith(REDIRECT)).toBe(true);
    await first.finishAuth(code!);

    const client = new Client({ name: 'pkce', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`), { authProvider: provider }),
    );
    try {
      expect((await call(client, 'k8s-get-pods', { namespace: 'default' })).isError ?? false).toBe(false);
    } finally {
      await client.close();
    }
    expect((await sut.audit()).at(-1)?.person).toMatchObject({ subject: 'carol', clientId: PKCE_CLIENT });
  }, 30_000);
});
