import { anObject, runDetector } from '../../../test/factories/cluster-objects.js';
import { ingressClassDetector as sut } from './ingress-class.detector.js';

describe('ingressClassDetector', () => {
  it('reports an IngressClass that does not exist', () => {
    const objects = [
      anObject('Ingress', 'a', { spec: { ingressClassName: 'nginx' } }),
      anObject('Ingress', 'b', { spec: { ingressClassName: 'traefik' } }),
      anObject('IngressClass', 'nginx', {}, { clusterScoped: true }),
    ];
    expect(runDetector(sut, objects)).toEqual([
      expect.objectContaining({
        name: 'b',
        reason: 'IngressClassMissing',
        message: 'IngressClass traefik not found',
      }),
    ]);
  });
});
