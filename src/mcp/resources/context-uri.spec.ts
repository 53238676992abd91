import { McpError } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { contextOfUri, contextTemplate, contextUri, encodeContext, splitContextUri } from './context-uri.js';

const EKS = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';

describe('per-context resource URIs', () => {
  it('percent-encodes an EKS ARN into one path segment and reads it back', () => {
    const uri = contextUri(EKS, 'k8s://namespaces/web/summary');
    expect(uri).toBe(
      'k8s://contexts/arn%3Aaws%3Aeks%3Aeu-west-1%3A123456789012%3Acluster%2Fprod/namespaces/web/summary',
    );
    expect(splitContextUri(uri)).toEqual({ context: EKS, uri: 'k8s://namespaces/web/summary' });
  });

  it('encodes as RFC 6570 simple expansion does (unreserved characters only left as they are)', () => {
    expect(encodeContext("gke_p(1)!*'x_y.z~")).toBe('gke_p%281%29%21%2A%27x_y.z~');
    expect(splitContextUri(`k8s://contexts/${encodeContext("a(b)'!*")}/anomalies`)?.context).toBe("a(b)'!*");
  });

  it('accepts a raw ":" (only "/" must be encoded)', () => {
    expect(splitContextUri('k8s://contexts/arn:aws:x/cluster/summary')).toEqual({
      context: 'arn:aws:x',
      uri: 'k8s://cluster/summary',
    });
  });

  it('leaves other URIs to the default context', () => {
    expect(splitContextUri('k8s://cluster/summary')).toBeUndefined();
    expect(splitContextUri('k8s://contextsx/a/b')).toBeUndefined();
  });

  it.each(['k8s://contexts/', 'k8s://contexts/alpha', 'k8s://contexts/alpha/', 'k8s://contexts//anomalies'])(
    'refuses %s: no context or no resource',
    (uri) => {
      expect(() => splitContextUri(uri)).toThrow(McpError);
      expect(() => splitContextUri(uri)).toThrow(/expected k8s:\/\/contexts\/\{context\}\/<resource>/);
    },
  );

  it('refuses broken percent-encoding, and the audit helper does not throw on it', () => {
    expect(() => splitContextUri('k8s://contexts/%E0%A4%A/anomalies')).toThrow(/not valid percent-encoding/);
    expect(contextOfUri('k8s://contexts/%E0%A4%A/anomalies')).toBeUndefined();
    expect(contextOfUri(42)).toBeUndefined();
    expect(contextOfUri(contextUri(EKS, 'k8s://changes'))).toBe(EKS);
  });

  it('writes the template of a default-context URI', () => {
    expect(contextTemplate('k8s://namespaces/{namespace}/summary')).toBe(
      'k8s://contexts/{context}/namespaces/{namespace}/summary',
    );
  });
});

describe('per-context resource URIs (property)', () => {
  // Context names are the kubeconfig's: any text, EKS ARNs with ":" and "/", "%", "..", unicode.
  const contextName = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1 }),
    fc.stringMatching(/^[a-z:/%.]{1,12}$/),
    fc.constantFrom('..', '.', '%', '%2F', 'a/../b', 'ç/ü:東京'),
  );

  it('reads every name back from the URI it writes, as one path segment', () => {
    fc.assert(
      fc.property(
        contextName,
        fc.constantFrom('k8s://cluster/summary', 'k8s://namespaces/web/summary'),
        (name, inner) => {
          const uri = contextUri(name, inner);
          expect(splitContextUri(uri)).toEqual({ context: name, uri: inner });
          expect(encodeContext(name)).toMatch(/^[A-Za-z0-9\-._~%]+$/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
