import { redactArguments, redactSecretObject } from './redaction.js';

describe('redaction', () => {
  describe(redactArguments.name, () => {
    it('masks secret-looking keys at any depth and keeps the rest', () => {
      const sut = redactArguments({
        namespace: 'a',
        token: 'abc',
        nested: { password: 'p', apiKey: 'k', name: 'n' },
      });
      expect(sut).toEqual({
        namespace: 'a',
        token: '<redacted>',
        nested: { password: '<redacted>', apiKey: '<redacted>', name: 'n' },
      });
    });

    it('shortens very long strings so the audit line stays small', () => {
      const sut = redactArguments({ labelSelector: 'x'.repeat(2000) }) as { labelSelector: string };
      expect(sut.labelSelector.length).toBeLessThan(600);
      expect(sut.labelSelector).toContain('<2000 chars>');
    });
  });

  describe(redactSecretObject.name, () => {
    it('replaces data and stringData values with their sizes', () => {
      const secret = {
        kind: 'Secret',
        metadata: {
          name: 's',
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"pw":"c2VjcmV0"}}',
            keep: 'yes',
          },
        },
        data: { pw: Buffer.from('secret').toString('base64') },
        stringData: { plain: 'hello' },
      };
      const sut = redactSecretObject(secret);
      expect(sut.data).toEqual({ pw: '<redacted, 6 bytes>' });
      expect(sut.stringData).toEqual({ plain: '<redacted, 5 bytes>' });
      expect(JSON.stringify(sut)).not.toContain('c2VjcmV0');
      expect(sut.metadata.annotations).toEqual({ keep: 'yes' });
    });
  });
});
