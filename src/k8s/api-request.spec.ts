import { resolveApiUrl } from './api-request.js';
import { resourcePath, KINDS } from './resource-ref.js';

describe(resolveApiUrl.name, () => {
  const server = 'https://10.0.0.1:6443';

  it('returns the URL and the namespace its final path names', () => {
    expect(resolveApiUrl(server, '/api/v1/namespaces/shop/pods').namespace).toBe('shop');
    expect(resolveApiUrl(server, '/apis/apps/v1/namespaces/shop/deployments/web/scale').namespace).toBe(
      'shop',
    );
    expect(resolveApiUrl(server, '/api/v1/namespaces/shop').namespace).toBe('shop');
    expect(resolveApiUrl(server, '/api/v1/watch/namespaces/shop/pods').namespace).toBe('shop');
    expect(resolveApiUrl(server, '/api/v1/pods').namespace).toBeUndefined();
    expect(resolveApiUrl(server, '/api/v1/namespaces').namespace).toBeUndefined();
  });

  it('keeps a server URL with a path prefix (Rancher, proxies)', () => {
    const r = resolveApiUrl('https://rancher.example/k8s/clusters/c-1/', '/api/v1/namespaces/shop/pods');
    expect(r.url.pathname).toBe('/k8s/clusters/c-1/api/v1/namespaces/shop/pods');
    expect(r.namespace).toBe('shop');
  });

  it.each([
    '/api/v1/namespaces/../secrets',
    '/api/v1/namespaces/./secrets',
    '/api/v1/namespaces/%2e%2e/secrets',
    '/api/v1/namespaces/%2E./secrets',
    '/api/v1/namespaces/shop/pods/..',
    '/api/v1/namespaces/shop/pods/.%2e',
    '/api/v1/namespaces/a/../b/pods',
    '/api/v1/namespaces/shop\\..\\secrets',
  ])('refuses %s: the URL parser would rewrite it', (path) => {
    expect(() => resolveApiUrl(server, path)).toThrow('would change the API path');
  });

  it('is safe for what resourcePath builds from hostile names (they are encoded, not resolved)', () => {
    for (const ns of ['%2e%2e', 'a/../b', 'hidden/', '\\..', '?x=1', '#frag']) {
      const r = resolveApiUrl(server, resourcePath(KINDS.pod, ns, 'x'));
      expect(r.namespace).toBe(ns);
      expect(r.url.pathname.split('/').length).toBe(7);
    }
    // ".." itself survives encodeURIComponent, which is why it must be refused.
    expect(() => resolveApiUrl(server, resourcePath(KINDS.pod, '..'))).toThrow();
  });
});
