import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { SessionRegistry, type SessionTransport } from '../../mcp/session-registry.js';

const TRANSPORTS: readonly SessionTransport[] = ['streamable-http', 'sse'];

/** Open MCP sessions per transport, read from the SessionRegistry at scrape time. */
@Injectable()
export class SessionMetrics {
  constructor(registry: Registry, sessions: SessionRegistry) {
    new Gauge({
      name: 'k8s_mcp_mcp_sessions',
      help: 'Open MCP sessions by transport',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        for (const transport of TRANSPORTS) this.set({ transport }, sessions.countBy(transport));
      },
    });
  }
}
