import { aService, anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { ingressBackendDetector as sut } from './ingress-backend.detector.js';

const ingress = (name: string, service: string) =>
  anObject(
    'Ingress',
    name,
    {
      spec: {
        rules: [
          {
            host: 'a.example',
            http: { paths: [{ path: '/', backend: { service: { name: service, port: { number: 80 } } } }] },
          },
        ],
      },
    },
    { namespace: 'shop' },
  );

describe('ingressBackendDetector', () => {
  it('reports a backend Service that does not exist', () => {
    const objects = [
      ingress('admin', 'admin-dashboard'),
      ingress('shop', 'frontend'),
      aService('frontend', { namespace: 'shop' }),
    ];
    expect(runDetector(sut, objects)).toEqual([
      expect.objectContaining({
        name: 'admin',
        reason: 'BackendServiceMissing',
        message: 'backend Service admin-dashboard not found in shop',
      }),
    ]);
  });
});
