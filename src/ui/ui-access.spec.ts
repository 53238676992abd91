import { loadConfig } from '../config/config.loader.js';
import { HttpAccess } from '../security/http-access.js';
import { UI_ASSETS, UI_CSP, assetPath, readAsset } from './ui-assets.js';

const access = new HttpAccess(loadConfig({ env: { K8S_MCP_AUTH_TOKENS: 'alice:s3cret' }, cwd: '/' }));
const LOCAL = { host: '127.0.0.1:8766' };

describe('console access', () => {
  it('serves the page shell and its files without a token, but checks the Host', () => {
    expect(access.decide('/ui', LOCAL)).toMatchObject({ ok: true });
    expect(access.decide('/ui/assets/:file', LOCAL)).toMatchObject({ ok: true });
    expect(access.decide('/ui', { host: 'evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(access.decide('/ui/assets/:file', { ...LOCAL, origin: 'https://evil.example' })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('needs the token on every data route', () => {
    for (const route of [
      '/ui/api/audit',
      '/ui/api/audit/export',
      '/ui/api/health',
      '/ui/api/graph',
      '/ui/api/anomalies',
      '/ui/api/changes',
      '/ui/api/whoami',
    ])
      expect(access.decide(route, LOCAL)).toMatchObject({ ok: false, status: 401 });
    expect(access.decide('/ui/api/audit', { ...LOCAL, authorization: 'Bearer s3cret' })).toMatchObject({
      ok: true,
    });
  });
});

describe('console assets', () => {
  it('serves only the listed files, cytoscape from node_modules when not built', () => {
    for (const name of Object.keys(UI_ASSETS)) expect(readAsset(name)?.length).toBeGreaterThan(100);
    expect(assetPath('../ui.module.ts')).toBeUndefined();
    expect(assetPath('package.json')).toBeUndefined();
  });

  it('loads no script but its own, and nothing from another host', () => {
    const html = readAsset('index.html')!.toString();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/ui\/assets\/)/);
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toMatch(/\sstyle=/);
    expect(readAsset('app.js')!.toString()).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(UI_CSP).toContain("default-src 'self'");
    expect(UI_CSP).not.toContain('unsafe-inline');
  });
});
