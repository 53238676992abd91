import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export type SessionTransport = 'streamable-http' | 'sse';

interface Session {
  readonly server: Server;
  readonly transport: Transport;
  readonly kind: SessionTransport;
  readonly createdAt: number;
}

/** Open MCP sessions of both HTTP transports, keyed by session id; closed on shutdown. */
@Injectable()
export class SessionRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(SessionRegistry.name);
  private readonly sessions = new Map<string, Session>();

  add(id: string, session: Omit<Session, 'createdAt'>): void {
    this.sessions.set(id, { ...session, createdAt: Date.now() });
    this.logger.debug(`session ${id} opened (${session.kind}); ${this.sessions.size} open`);
  }

  /** The session, only if it was opened on the same transport (an id is never valid on the other). */
  get(id: string, kind: SessionTransport): Session | undefined {
    const session = this.sessions.get(id);
    return session?.kind === kind ? session : undefined;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  remove(id: string): void {
    if (this.sessions.delete(id)) this.logger.debug(`session ${id} closed; ${this.sessions.size} open`);
  }

  countBy(kind: SessionTransport): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.kind === kind) n++;
    return n;
  }

  async onApplicationShutdown(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((s) => s.server.close()));
  }
}
