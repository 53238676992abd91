import { createServer, type Server, type Socket } from 'node:net';
import { AppError } from '../common/errors/app-error.js';
import type { ErrorCode } from '../common/errors/error-code.js';
import { classifyK8sError, type K8sOperation } from './k8s-error.classifier.js';
import { buildClients, importClientNode, type ClientNode } from './kube-clients.js';

const SERVER = 'https://10.0.0.1:6443';
const LIST_PODS: K8sOperation = { verb: 'list', resource: 'pods', namespace: 'team-a', server: SERVER };
const GET_DEPLOY: K8sOperation = {
  verb: 'get',
  resource: 'deployment',
  name: 'web',
  namespace: 'shop',
  server: SERVER,
};

/** A Kubernetes Status body as the API server sends it, as text (client-node keeps error bodies raw). */
function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
}

let lib: ClientNode;

beforeAll(async () => {
  lib = await importClientNode();
});

function apiException(code: number, body: unknown): Error {
  return new lib.ApiException(code, 'Unknown API Status Code!', body, { 'content-type': 'application/json' });
}

describe(classifyK8sError.name, () => {
  describe('HTTP statuses from the API server', () => {
    it.each<[number, ErrorCode, string, RegExp | undefined]>([
      [400, 'K8S.INVALID', 'BadRequest', undefined],
      [401, 'K8S.UNAUTHORIZED', 'Unauthorized', /credentials were rejected/],
      [403, 'K8S.FORBIDDEN', 'Forbidden', /RBAC permission to get deployment/],
      [404, 'K8S.NOT_FOUND', 'NotFound', /check the name and namespace/],
      [409, 'K8S.CONFLICT', 'Conflict', /read it again and retry/],
      [410, 'K8S.GONE', 'Expired', undefined],
      [422, 'K8S.INVALID', 'Invalid', undefined],
      [429, 'K8S.TOO_MANY_REQUESTS', 'TooManyRequests', /throttling/],
      [500, 'K8S.SERVER_ERROR', 'InternalError', undefined],
      [503, 'K8S.SERVER_ERROR', 'ServiceUnavailable', undefined],
      [504, 'K8S.TIMEOUT', 'Timeout', /retry later/],
    ])('maps %i to %s', (status, code, reason, hint) => {
      const body = statusBody(status, reason, `server says ${reason}`);
      const sut = classifyK8sError(apiException(status, body), GET_DEPLOY);
      expect(sut).toBeInstanceOf(AppError);
      expect(sut.code).toBe(code);
      expect(sut.message).toBe(`failed to get deployment 'web' in namespace 'shop': server says ${reason}`);
      if (hint) expect(sut.hint).toMatch(hint);
      expect(sut.details).toEqual({ status, reason, server: SERVER });
      expect(sut.cause).toBeInstanceOf(lib.ApiException);
    });

    it('reads a Status body that is already an object', () => {
      const sut = classifyK8sError(
        apiException(404, { kind: 'Status', message: 'pods "x" not found', reason: 'NotFound' }),
        { verb: 'get', resource: 'pod', name: 'x', namespace: 'default' },
      );
      expect(sut.code).toBe('K8S.NOT_FOUND');
      expect(sut.message).toBe(`failed to get pod 'x' in namespace 'default': pods "x" not found`);
    });

    it('keeps a non-JSON body, shortened, as the reason', () => {
      const sut = classifyK8sError(apiException(502, `<html>${'x'.repeat(1000)}</html>`), LIST_PODS);
      expect(sut.code).toBe('K8S.SERVER_ERROR');
      expect(sut.message.length).toBeLessThan(400);
      expect(sut.message).toMatch(/^failed to list pods in namespace 'team-a': <html>x+$/);
    });

    it('falls back to the status when there is no body (client-node sends none for 401)', () => {
      const sut = classifyK8sError(new lib.ApiException(401, 'Unauthorized', undefined, {}), LIST_PODS);
      expect(sut.code).toBe('K8S.UNAUTHORIZED');
      expect(sut.message).toBe("failed to list pods in namespace 'team-a': HTTP 401");
    });

    it('reads the statusCode of watch errors', () => {
      const err = Object.assign(new Error('Gone'), { statusCode: 410 });
      expect(classifyK8sError(err, { verb: 'watch', resource: 'pods' }).code).toBe('K8S.GONE');
    });

    it('names cluster-scoped resources without a namespace', () => {
      const sut = classifyK8sError(apiException(403, statusBody(403, 'Forbidden', 'nope')), {
        verb: 'list',
        resource: 'nodes',
      });
      expect(sut.message).toBe('failed to list nodes: nope');
      expect(sut.hint).toBe("the server's credentials lack RBAC permission to list nodes");
    });
  });

  describe('network failures', () => {
    it('classifies ECONNREFUSED wrapped by fetch as unreachable, naming the server', () => {
      const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), { code: 'ECONNREFUSED' });
      const sut = classifyK8sError(new TypeError('fetch failed', { cause }), LIST_PODS);
      expect(sut.code).toBe('K8S.UNREACHABLE');
      expect(sut.message).toBe(
        `failed to list pods in namespace 'team-a': cannot reach the API server at ${SERVER} (ECONNREFUSED)`,
      );
      expect(sut.hint).toBe('check that the API server is running and reachable from this machine');
      expect(sut.details).toMatchObject({ server: SERVER, errno: 'ECONNREFUSED' });
    });

    it.each(['ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'UND_ERR_SOCKET'])(
      'classifies %s as unreachable',
      (code) => {
        const cause = Object.assign(new Error(code), { code });
        expect(classifyK8sError(new TypeError('fetch failed', { cause }), LIST_PODS).code).toBe(
          'K8S.UNREACHABLE',
        );
      },
    );

    it('finds the code deep in the cause chain', () => {
      const root = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
      const err = new TypeError('fetch failed', { cause: new Error('wrapper', { cause: root }) });
      expect(classifyK8sError(err, LIST_PODS).details).toMatchObject({ errno: 'ECONNREFUSED' });
    });

    it('classifies a bare "fetch failed" as unreachable', () => {
      const sut = classifyK8sError(new TypeError('fetch failed'), LIST_PODS);
      expect(sut.code).toBe('K8S.UNREACHABLE');
      expect(sut.message).toMatch(/\(network error\)$/);
    });

    // Regression: a DOMException carries a numeric `code` (TimeoutError 23, AbortError 20) that was
    // taken for an HTTP status, so a hung API server was reported as a server error.
    it.each([
      [
        'an AbortSignal.timeout',
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      ],
      ['an aborted request', new DOMException('This operation was aborted', 'AbortError')],
      ['a connect timeout', new TypeError('fetch failed', { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })],
      ['ETIMEDOUT', Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })],
    ])('classifies %s as a timeout, naming the server', (_label, err) => {
      const sut = classifyK8sError(err, LIST_PODS);
      expect(sut.code).toBe('K8S.TIMEOUT');
      expect(sut.message).toBe(
        `failed to list pods in namespace 'team-a': the API server at ${SERVER} did not answer in time`,
      );
      expect(sut.describe()).toContain(SERVER);
    });
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('K8S.CONFIG', 'no kubeconfig', { hint: 'pass --kubeconfig' });
    expect(classifyK8sError(original, LIST_PODS)).toBe(original);
  });

  it('classifies anything else as a server error that keeps the message', () => {
    const sut = classifyK8sError(new Error('boom'), { verb: 'scale', resource: 'deployment', name: 'web' });
    expect(sut.code).toBe('K8S.SERVER_ERROR');
    expect(sut.message).toBe("failed to scale deployment 'web': boom");
    expect(classifyK8sError('a string', LIST_PODS).message).toMatch(/: a string$/);
    expect(classifyK8sError(undefined, LIST_PODS).message).toMatch(/: undefined$/);
    expect(classifyK8sError(null, LIST_PODS).code).toBe('K8S.SERVER_ERROR');
  });

  describe('errors as client-node raises them', () => {
    const sockets = new Set<Socket>();
    let hung: Server;

    afterEach(async () => {
      for (const s of sockets) s.destroy();
      if (hung?.listening) await new Promise((done) => hung.close(done));
    });

    function clientsFor(server: string, timeoutMs: number) {
      const kc = new lib.KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server, skipTLSVerify: true }],
        users: [{ name: 'u', token: 't' }],
        contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
        currentContext: 'ctx',
      });
      return buildClients(lib, kc, timeoutMs);
    }

    async function freePort(): Promise<number> {
      const s = createServer();
      await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
      const { port } = s.address() as { port: number };
      await new Promise((done) => s.close(done));
      return port;
    }

    it('a refused connection', async () => {
      const server = `https://127.0.0.1:${await freePort()}`;
      const clients = clientsFor(server, 5000);
      const err = await clients.kc
        .makeApiClient(clients.lib.CoreV1Api)
        .listNamespace()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      const sut = classifyK8sError(err, { verb: 'list', resource: 'namespaces', server });
      expect(sut.code).toBe('K8S.UNREACHABLE');
      expect(sut.message).toContain(`cannot reach the API server at ${server} (ECONNREFUSED)`);
    });

    it('a server that accepts and never answers, cut off by the request timeout', async () => {
      hung = createServer((s) => sockets.add(s));
      await new Promise<void>((done) => hung.listen(0, '127.0.0.1', done));
      const server = `https://127.0.0.1:${(hung.address() as { port: number }).port}`;
      const clients = clientsFor(server, 300);
      const started = Date.now();
      const err = await clients.kc
        .makeApiClient(clients.lib.CoreV1Api)
        .listNamespace()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(Date.now() - started).toBeLessThan(3000);
      const sut = classifyK8sError(err, { verb: 'list', resource: 'namespaces', server });
      expect(sut.code).toBe('K8S.TIMEOUT');
      expect(sut.describe()).toContain(server);
    });
  });
});
