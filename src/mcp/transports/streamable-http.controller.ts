import { randomUUID } from 'node:crypto';
import { All, Controller, Logger, Req, Res } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditRefusedToolCalls } from '../mcp-server.js';
import { McpServerFactory } from '../mcp-server.factory.js';
import { SessionRegistry } from '../session-registry.js';
import { BoundedEventStore } from './bounded-event-store.js';
import { type AuthedRequest, identityOf } from '../../security/http-access.js';

/** SSE `retry:` the priming event announces: how soon a client whose stream dropped comes back. */
const RETRY_INTERVAL_MS = 1000;

function jsonRpcError(reply: FastifyReply, status: number, message: string): void {
  reply.raw.writeHead(status, { 'content-type': 'application/json' });
  reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** Streamable HTTP at /mcp: POST (requests), GET (server stream), DELETE (end session). */
@Controller('mcp')
export class StreamableHttpController {
  private readonly logger = new Logger('StreamableHttp');

  constructor(
    private readonly factory: McpServerFactory,
    private readonly sessions: SessionRegistry,
  ) {}

  @All()
  async handle(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    reply.hijack();
    const raw = req.raw as AuthedRequest;
    const id = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(id) ? id[0] : id;
    try {
      const caller = identityOf(raw);
      if (sessionId) {
        const found = this.sessions.lookup(sessionId, 'streamable-http', caller);
        if (!found.found) return jsonRpcError(reply, found.status, found.message);
        if (req.method === 'GET') {
          const refusal = this.sessions.refuseStream();
          if (refusal) return jsonRpcError(reply, refusal.status, refusal.message);
          this.sessions.trackStream((done) => reply.raw.once('close', done), sessionId);
        }
        if (req.method === 'POST')
          auditRefusedToolCalls(req.body, this.factory.tools(), {
            transport: 'streamable-http',
            sessionId,
            identity: raw.auth?.clientId,
          });
        await (found.session.transport as StreamableHTTPServerTransport).handleRequest(
          raw,
          reply.raw,
          req.body,
        );
        return;
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
        return jsonRpcError(
          reply,
          400,
          'no valid session: send an initialize request first (without Mcp-Session-Id)',
        );
      }
      const slot = this.sessions.reserve(caller);
      if (!('release' in slot)) return jsonRpcError(reply, slot.status, slot.message);
      const server = this.factory.create('streamable-http', raw.auth?.clientId);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        // Resumable streams: every SSE event gets an id and a priming event opens each stream, so
        // a client that lost its connection reconnects with Last-Event-ID and gets what it missed.
        // One bounded buffer per session, freed with the session.
        eventStore: new BoundedEventStore(),
        retryInterval: RETRY_INTERVAL_MS,
        onsessioninitialized: (newId: string): void => {
          this.sessions.add(newId, { server, transport, kind: 'streamable-http' }, caller);
          slot.release();
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) this.sessions.remove(transport.sessionId);
      };
      try {
        await server.connect(transport);
        await transport.handleRequest(raw, reply.raw, req.body);
      } finally {
        slot.release();
      }
    } catch (err) {
      this.logger.error({ msg: 'MCP request failed', err });
      if (!reply.raw.headersSent) jsonRpcError(reply, 500, 'internal server error');
    }
  }
}
