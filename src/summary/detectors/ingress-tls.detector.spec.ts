import { anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { ingressTlsDetector as sut } from './ingress-tls.detector.js';

describe('ingressTlsDetector', () => {
  it('reports a TLS Secret that does not exist', () => {
    const objects = [
      anObject('Ingress', 'a', { spec: { tls: [{ secretName: 'a-tls' }] } }),
      anObject('Ingress', 'b', { spec: { tls: [{ secretName: 'b-tls' }] } }),
      anObject('Secret', 'a-tls', { type: 'kubernetes.io/tls' }),
    ];
    expect(runDetector(sut, objects)).toEqual([
      expect.objectContaining({
        name: 'b',
        reason: 'TLSSecretMissing',
        message: 'TLS Secret b-tls not found in default',
      }),
    ]);
  });
});
