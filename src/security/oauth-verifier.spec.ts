import type { AppConfig } from '../config/app-config.js';
import { ConfigValidationError, loadConfig } from '../config/config.loader.js';
import { unsafeExposure } from '../config/exposure.js';
import { HttpAccess } from './http-access.js';
import { looksLikeJwt, OAuthVerifier } from './oauth-verifier.js';

const configOf = (env: Record<string, string>): AppConfig => loadConfig({ env, cwd: '/' });
const OAUTH = {
  K8S_MCP_OAUTH_ISSUER: 'https://idp.example.com',
  K8S_MCP_OAUTH_AUDIENCE: 'https://mcp.example.com/mcp',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    configOf(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe(OAuthVerifier.name, () => {
  it('puts the metadata URL beside the resource URI as RFC 9728 §3.1 says', () => {
    expect(new OAuthVerifier(configOf(OAUTH)).metadataUrl).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    );
    const root = new OAuthVerifier(
      configOf({ ...OAUTH, K8S_MCP_OAUTH_AUDIENCE: 'https://mcp.example.com/' }),
    );
    expect(root.metadataUrl).toBe('https://mcp.example.com/.well-known/oauth-protected-resource');
  });

  it('names the setting when the OAuth settings do not fit together', () => {
    expect(problemsOf({ K8S_MCP_OAUTH_ISSUER: 'https://idp.example.com' })).toEqual([
      expect.stringMatching(/^K8S_MCP_OAUTH_AUDIENCE: expected this server's resource URI/),
    ]);
    expect(problemsOf({ K8S_MCP_OAUTH_JWKS_URL: 'https://idp.example.com/jwks' })).toEqual([
      expect.stringMatching(/^K8S_MCP_OAUTH_JWKS_URL=.*expected K8S_MCP_OAUTH_ISSUER to be set as well/),
    ]);
    expect(problemsOf({ ...OAUTH, K8S_MCP_OAUTH_ISSUER: 'idp.example.com' })).toEqual([
      expect.stringMatching(/^K8S_MCP_OAUTH_ISSUER=idp.example.com: expected an absolute http\(s\) URL/),
    ]);
    expect(problemsOf({ ...OAUTH, K8S_MCP_OAUTH_REQUIRED_SCOPES: 'mcp:tools,a b' })).toEqual([
      expect.stringMatching(/^K8S_MCP_OAUTH_REQUIRED_SCOPES=.*expected comma-separated OAuth scopes/),
    ]);
  });

  it('counts as authentication: routes need a token and a public bind may start', () => {
    expect(new HttpAccess(configOf(OAUTH), new OAuthVerifier(configOf(OAUTH))).authenticates).toBe(true);
    expect(unsafeExposure(configOf({ ...OAUTH, K8S_MCP_HOST: '0.0.0.0' }))).toBeUndefined();
  });

  it('tells a JWT from a static token by its shape', () => {
    expect(looksLikeJwt('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln')).toBe(true);
    expect(looksLikeJwt('s3cret-token')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
  });
});
