import { anObject, lookupOf } from '../../../test/factories/graph-objects.js';
import { routesRule as sut } from './routes.edge.js';

describe('routesRule', () => {
  it('Ingress → backend Services (once each), its IngressClass and TLS Secrets', () => {
    const ing = anObject(
      'Ingress',
      'shop',
      { namespace: 'shop' },
      {
        spec: {
          ingressClassName: 'demo-nginx',
          defaultBackend: { service: { name: 'frontend', port: { number: 80 } } },
          tls: [{ hosts: ['shop.example.test'], secretName: 'shop-tls' }],
          rules: [
            {
              host: 'shop.example.test',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'frontend', port: { number: 80 } } },
                  },
                  {
                    path: '/api',
                    pathType: 'Prefix',
                    backend: { service: { name: 'api', port: { name: 'http' } } },
                  },
                  {
                    path: '/static',
                    pathType: 'Prefix',
                    backend: { resource: { kind: 'StorageBucket', name: 'b' } },
                  },
                ],
              },
            },
          ],
        },
      },
    );
    expect(
      sut
        .derive(ing, 'Ingress', lookupOf([]))
        .map((e) => `${e.to.kind}/${e.to.namespace ?? ''}/${e.to.name}`),
    ).toEqual([
      'Service/shop/frontend',
      'Service/shop/api',
      'IngressClass//demo-nginx',
      'Secret/shop/shop-tls',
    ]);
  });

  it('reads the legacy class annotation', () => {
    const ing = anObject('Ingress', 'old', { namespace: 'shop' }, { spec: {} });
    const annotated = {
      ...ing,
      metadata: { ...ing.metadata, annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    };
    expect(sut.derive(annotated, 'Ingress', lookupOf([])).map((e) => e.to)).toEqual([
      { kind: 'IngressClass', name: 'nginx' },
    ]);
  });
});
