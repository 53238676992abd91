import { runWithContext } from '../../common/logging/request-context.js';
import { toolCall } from './tool-call.js';

describe('toolCall', () => {
  it('writes the call as the model would make it', () => {
    expect(toolCall('k8s-describe-pod', { namespace: 'shop', name: 'web-1' })).toBe(
      'k8s-describe-pod {"namespace":"shop","name":"web-1"}',
    );
  });

  it("names the request's context when the answer is about another cluster than the default", () => {
    const written = runWithContext({ correlationId: 'c', k8sContext: 'arn:aws:eks:eu:1:cluster/prod' }, () =>
      toolCall('k8s-get-events', { namespace: 'shop' }),
    );
    expect(written).toBe('k8s-get-events {"namespace":"shop","context":"arn:aws:eks:eu:1:cluster/prod"}');
  });

  it('keeps a context the call already names, and adds none for the default cluster', () => {
    const named = runWithContext({ correlationId: 'c', k8sContext: 'prod' }, () =>
      toolCall('k8s-get-pods', { context: 'staging' }),
    );
    expect(named).toBe('k8s-get-pods {"context":"staging"}');
    expect(runWithContext({ correlationId: 'c' }, () => toolCall('k8s-get-pods', {}))).toBe(
      'k8s-get-pods {}',
    );
  });
});
