import { Controller, Get, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditRefusedToolCalls } from '../mcp-server.js';
import { McpServerFactory } from '../mcp-server.factory.js';
import { SessionRegistry } from '../session-registry.js';
import { type AuthedRequest, identityOf } from '../../security/http-access.js';

/** The legacy HTTP+SSE transport (protocol 2024-11-05): GET /sse opens, POST /messages sends. */
@Controller()
export class SseController {
  private readonly logger = new Logger('Sse');

  constructor(
    private readonly factory: McpServerFactory,
    private readonly sessions: SessionRegistry,
  ) {}

  @Get('sse')
  async open(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    reply.hijack();
    const caller = identityOf(req.raw);
    const refusal = this.sessions.refuseStream() ?? this.sessions.refuseNew(caller);
    if (refusal) {
      reply.raw.writeHead(refusal.status, { 'content-type': 'text/plain' });
      reply.raw.end(refusal.message);
      return;
    }
    const server = this.factory.create('sse', (req.raw as AuthedRequest).auth?.clientId);
    const transport = new SSEServerTransport('/messages', reply.raw);
    this.sessions.add(transport.sessionId, { server, transport, kind: 'sse' }, caller);
    this.sessions.trackStream((done) => reply.raw.once('close', done), transport.sessionId);
    transport.onclose = () => this.sessions.remove(transport.sessionId);
    reply.raw.on('close', () => void server.close());
    await server.connect(transport);
  }

  @Post('messages')
  async message(
    @Query('sessionId') sessionId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    reply.hijack();
    const found = sessionId
      ? this.sessions.lookup(sessionId, 'sse', identityOf(req.raw))
      : ({ found: false, status: 404, message: 'missing sessionId' } as const);
    if (!found.found) {
      reply.raw.writeHead(found.status, { 'content-type': 'text/plain' });
      reply.raw.end(found.message);
      return;
    }
    const session = found.session;
    auditRefusedToolCalls(req.body, this.factory.tools(), {
      transport: 'sse',
      sessionId,
      identity: (req.raw as AuthedRequest).auth?.clientId,
    });
    try {
      await (session.transport as SSEServerTransport).handlePostMessage(
        req.raw as AuthedRequest,
        reply.raw,
        req.body,
      );
    } catch (err) {
      this.logger.error({ msg: 'SSE message failed', err });
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500).end('internal server error');
      }
    }
  }
}
