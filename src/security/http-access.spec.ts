import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/config.loader.js';
import { unsafeExposure } from '../config/exposure.js';
import { ANONYMOUS } from './caller-identity.js';
import { HttpAccess, tokenIdentity } from './http-access.js';

const configOf = (env: Record<string, string>): AppConfig => loadConfig({ env, cwd: '/' });
const access = (env: Record<string, string>) => new HttpAccess(configOf(env));
const LOCAL = { host: '127.0.0.1:8766' };

describe(HttpAccess.name, () => {
  it('lets everything through without tokens, as the anonymous caller', () => {
    const sut = access({});
    expect(sut.decide('/mcp', LOCAL)).toEqual({ ok: true, identity: ANONYMOUS });
    expect(sut.decide(undefined, LOCAL)).toEqual({ ok: true, identity: ANONYMOUS });
  });

  it('needs a token on every route but the kubelet probes, unknown routes included', () => {
    const sut = access({ K8S_MCP_AUTH_TOKENS: 'alice:s3cret-token' });
    for (const route of [
      '/mcp',
      '/sse',
      '/messages',
      '/health',
      '/metrics',
      '/intelligent/status',
      undefined,
    ])
      expect(sut.decide(route, LOCAL)).toMatchObject({ ok: false, status: 401 });
    expect(sut.decide('/health/live', {})).toMatchObject({ ok: true });
    expect(sut.decide('/health/ready', {})).toMatchObject({ ok: true });
    expect(sut.decide('/mcp', { ...LOCAL, authorization: 'Bearer s3cret-token' })).toEqual({
      ok: true,
      identity: { issuer: 'static', subject: 'alice' },
    });
  });

  it('refuses a wrong token whatever its length, a prefix and a longer one included', () => {
    const sut = access({ K8S_MCP_AUTH_TOKENS: 'right-token' });
    for (const given of ['right-toke', 'right-tokenX', 'RIGHT-TOKEN', '', 'right-token right-token'])
      expect(sut.decide('/mcp', { ...LOCAL, authorization: `Bearer ${given}` })).toMatchObject({ ok: false });
    expect(sut.decide('/mcp', { ...LOCAL, authorization: 'Basic right-token' })).toMatchObject({ ok: false });
    expect(sut.decide('/mcp', { ...LOCAL, authorization: 'bearer right-token' })).toEqual({
      ok: true,
      identity: { issuer: 'static', subject: tokenIdentity('right-token') },
    });
  });

  it('accepts a metrics token on /metrics* only', () => {
    const sut = access({ K8S_MCP_AUTH_TOKENS: 'auth-token', K8S_MCP_METRICS_TOKENS: 'scrape-token' });
    const scrape = { ...LOCAL, authorization: 'Bearer scrape-token' };
    expect(sut.decide('/metrics', scrape)).toMatchObject({ ok: true });
    expect(sut.decide('/metrics/prometheus', scrape)).toMatchObject({ ok: true });
    expect(sut.decide('/metricsx', scrape)).toMatchObject({ ok: false, status: 401 });
    expect(sut.decide('/mcp', scrape)).toMatchObject({ ok: false, status: 401 });
    expect(sut.decide('/health', scrape)).toMatchObject({ ok: false, status: 401 });
    expect(sut.decide('/metrics', { ...LOCAL, authorization: 'Bearer auth-token' })).toMatchObject({
      ok: true,
    });
  });

  it('refuses host names it does not know on any bind, and accepts IPs, loopback and allowed names', () => {
    const sut = access({
      K8S_MCP_HOST: '0.0.0.0',
      K8S_MCP_ALLOW_UNAUTHENTICATED: 'true',
      K8S_MCP_ALLOWED_HOSTS: 'mcp.example.com,*.svc.cluster.local',
    });
    for (const host of [
      '10.1.2.3:8766',
      '[fd00::1]:8766',
      'localhost:1',
      'mcp.example.com',
      'k8s-mcp.ns.svc.cluster.local',
    ])
      expect({ host, d: sut.decide('/mcp', { host }) }).toMatchObject({ host, d: { ok: true } });
    for (const host of ['evil.example', 'mcp.example.com.evil.example', 'svc.cluster.local.evil', ''])
      expect({ host, d: sut.decide('/metrics', { host }) }).toMatchObject({
        host,
        d: { ok: false, status: 403 },
      });
    expect(sut.decide('/mcp', { host: 'mcp.example.com', origin: 'https://evil.example' })).toMatchObject({
      ok: false,
      status: 403,
    });
    // The probes come with the pod IP or whatever the kubelet sends.
    expect(sut.decide('/health/live', { host: 'evil.example' })).toMatchObject({ ok: true });
  });

  it('accepts any host with *', () => {
    expect(access({ K8S_MCP_ALLOWED_HOSTS: '*' }).decide('/mcp', { host: 'anything.example' })).toMatchObject(
      {
        ok: true,
      },
    );
  });
});

describe(unsafeExposure.name, () => {
  it('refuses a non-loopback HTTP bind without tokens unless allowed explicitly', () => {
    expect(unsafeExposure(configOf({ K8S_MCP_HOST: '0.0.0.0' }))).toMatch(
      /^refusing to serve HTTP on the non-loopback address 0\.0\.0\.0 without authentication: .*K8S_MCP_ALLOW_UNAUTHENTICATED=true$/,
    );
    expect(unsafeExposure(configOf({ K8S_MCP_HOST: '0.0.0.0', K8S_MCP_AUTH_TOKENS: 't' }))).toBeUndefined();
    expect(
      unsafeExposure(configOf({ K8S_MCP_HOST: '0.0.0.0', K8S_MCP_ALLOW_UNAUTHENTICATED: 'true' })),
    ).toBeUndefined();
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1'])
      expect(unsafeExposure(configOf({ K8S_MCP_HOST: host }))).toBeUndefined();
    expect(unsafeExposure(configOf({ K8S_MCP_HOST: '0.0.0.0', K8S_MCP_TRANSPORT: 'stdio' }))).toBeUndefined();
  });
});
