// What the API server sees of a call made for a person: SelfSubjectReview answers with the user
// and groups it authenticated, after impersonation. Each group must arrive as its own group,
// although fetch (and undici's HTTP/2 client) would join repeated headers into one line.
import { runWithContext } from '../../src/common/logging/request-context.js';
import { apiRequest } from '../../src/k8s/api-request.js';
import { buildClients, importClientNode, loadKubeConfig } from '../../src/k8s/kube-clients.js';
import { testKubeconfigPath } from '../helpers/cluster.js';

interface Review {
  status: { userInfo: { username: string; groups: string[] } };
}

describe('impersonation on the wire', () => {
  const whoAmI = async (kubeUser?: { username: string; groups: string[] }) => {
    const lib = await importClientNode();
    const kc = loadKubeConfig(lib, {
      kind: 'files',
      paths: [testKubeconfigPath()],
      origin: 'KUBECONFIG_PATH',
    });
    const clients = buildClients(lib, kc, 10_000);
    const review = () =>
      apiRequest<Review>(
        clients,
        {
          method: 'POST',
          path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        },
        { verb: 'create', resource: 'selfsubjectreview' },
      );
    return (await runWithContext({ correlationId: 'e2e', kubeUser }, review)).status.userInfo;
  };

  it('acts as the person with each of their groups, and as itself without one', async () => {
    for (const groups of [[], ['team-b'], ['team-b', 'readers-b', 'with, comma']]) {
      const seen = await whoAmI({ username: 'oidc:bob', groups });
      expect(seen.username).toBe('oidc:bob');
      expect(seen.groups).toEqual([...groups, 'system:authenticated']);
    }
    expect((await whoAmI()).username).not.toBe('oidc:bob');
  });
});
