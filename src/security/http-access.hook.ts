import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { identityLabel } from './caller-identity.js';
import { type AuthedRequest, HttpAccess } from './http-access.js';
import { OAuthVerifier } from './oauth-verifier.js';

/**
 * Puts HttpAccess in front of every route, Nest's and Fastify's own (the 404 handler included), as
 * a Fastify onRequest hook: nothing a route does — parsing a body, flushing the graph for a
 * metric — runs before the caller is known. Must run before app.init()/listen().
 */
export function installHttpAccess(app: NestFastifyApplication, maxBodyBytes: number): void {
  const access = app.get(HttpAccess);
  const oauth = app.get(OAuthVerifier);
  const fastify = app.getHttpAdapter().getInstance();
  if (oauth.enabled) {
    // RFC 9728: what a client needs to get a token for this server; public (no data in it).
    const metadata = (_request: unknown, reply: { type(t: string): { send(b: unknown): void } }) =>
      reply.type('application/json').send(oauth.metadata());
    fastify.get('/.well-known/oauth-protected-resource', metadata);
    fastify.get('/.well-known/oauth-protected-resource/*', metadata);
  }
  fastify.addHook('onRequest', (request, reply, done) => {
    void access.authorize(request.routeOptions.url, request.headers).then((decision) => {
      if (!decision.ok) {
        if (decision.challenge) reply.header('www-authenticate', decision.challenge);
        else if (decision.status === 401) reply.header('www-authenticate', 'Bearer realm="k8s-mcp"');
        reply
          .code(decision.status)
          .type('application/json')
          .send({
            statusCode: decision.status,
            error: decision.status === 401 ? 'Unauthorized' : 'Forbidden',
            message: decision.message,
          });
        return;
      }
      // Fastify enforces the limit too (for bodies without a length), with a vaguer message.
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > maxBodyBytes) {
        reply
          .code(413)
          .type('application/json')
          .send({
            statusCode: 413,
            error: 'Payload Too Large',
            message: `request body of ${length} bytes is over the limit of ${maxBodyBytes} bytes (K8S_MCP_MAX_BODY_BYTES)`,
          });
        return;
      }
      // Without tokens everyone is the same anonymous caller: nothing to attach.
      if (!access.authenticates) return done();
      (request.raw as AuthedRequest).auth = {
        // The token itself stays out of everything downstream: the identity is what counts.
        token: '',
        clientId: identityLabel(decision.identity),
        scopes: [],
        extra: { identity: decision.identity },
      };
      done();
    }, done);
  });
}
