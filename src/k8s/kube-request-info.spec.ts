import { kubeRequestInfo } from './kube-request-info.js';

describe(kubeRequestInfo.name, () => {
  const server = 'https://127.0.0.1:6443';
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', 'list', 'pods'],
    ['GET', '/api/v1/pods?limit=500', 'list', 'pods'],
    ['GET', '/api/v1/namespaces/default/pods/web-1', 'get', 'pods'],
    ['GET', '/api/v1/namespaces/default/pods/web-1/log?tailLines=10', 'get', 'pods/log'],
    ['GET', '/apis/apps/v1/deployments?watch=true&resourceVersion=5', 'watch', 'deployments'],
    ['GET', '/apis/apps/v1/namespaces/a/deployments?watch=1', 'watch', 'deployments'],
    ['PATCH', '/apis/apps/v1/namespaces/a/deployments/web/scale', 'patch', 'deployments/scale'],
    ['PUT', '/apis/apps/v1/namespaces/a/deployments/web', 'update', 'deployments'],
    ['POST', '/api/v1/namespaces/a/configmaps', 'create', 'configmaps'],
    ['DELETE', '/api/v1/namespaces/a/configmaps/x', 'delete', 'configmaps'],
    ['DELETE', '/api/v1/namespaces/a/configmaps', 'deletecollection', 'configmaps'],
    ['GET', '/api/v1/namespaces/kube-system', 'get', 'namespaces'],
    ['GET', '/api/v1/namespaces', 'list', 'namespaces'],
    ['GET', '/api/v1/nodes/n1', 'get', 'nodes'],
    ['GET', '/apis/example.com/v1/namespaces/a/widgets', 'list', 'widgets'],
    ['GET', '/version', 'get', '/version'],
    ['GET', '/api', 'get', '/api'],
    ['GET', '/apis', 'get', '/apis'],
    ['GET', '/api/v1', 'get', '/api'],
    ['GET', '/apis/apps/v1', 'get', '/apis'],
    ['GET', '/openapi/v3/apis/apps/v1', 'get', '/openapi'],
  ])('%s %s → %s %s', (method, path, verb, resource) => {
    expect(kubeRequestInfo(method, `${server}${path}`)).toEqual({ verb, resource });
  });
});
