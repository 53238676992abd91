import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpMetrics } from './http-metrics.js';

/** Routes whose GET opens an event stream that lives as long as the client stays connected. */
const STREAM_ROUTES = new Set(['/sse', '/mcp']);

/**
 * Times every request from onRequest until the socket response ends. A Fastify hook rather than a
 * Nest interceptor: it also sees guard refusals and 404s, and the MCP controllers hijack the reply
 * (Fastify's onResponse never runs for those), so the end is taken from the raw response's 'close'.
 * Must run before app.init()/listen() so the hook applies to every route.
 */
export function installHttpMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(HttpMetrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const started = process.hrtime.bigint();
      const route = request.routeOptions.url ?? 'unmatched';
      const method = request.method;
      reply.raw.once('close', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const stream = method === 'GET' && STREAM_ROUTES.has(route);
        metrics.record(route, method, reply.raw.statusCode, seconds, stream);
      });
      done();
    });
}
