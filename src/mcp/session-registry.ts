import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { intervalRunning, JOBS, startInterval, stopInterval } from '../common/scheduling/intervals.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { EmptyResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { type CallerIdentity, identityKey } from '../security/caller-identity.js';

export type SessionTransport = 'streamable-http' | 'sse';

interface Session {
  readonly server: Server;
  readonly transport: Transport;
  readonly kind: SessionTransport;
  readonly owner: string;
  readonly createdAt: number;
  lastActiveAt: number;
  /** Open SSE streams of the session: such a session is asked for a ping instead of being closed. */
  streams: number;
  /** A liveness ping is in flight (closeIdle sends at most one at a time). */
  probing?: boolean;
}

/** What the session lookup found for this caller. */
export type SessionLookup =
  | { readonly found: true; readonly session: Session }
  /** Unknown, closed, or another caller's: the same answer, so an id tells nothing about others. */
  | { readonly found: false; readonly status: 404; readonly message: string }
  | { readonly found: false; readonly status: 400; readonly message: string };

/** A refused session or stream: the limit that was hit, said plainly. */
export interface LimitRefusal {
  readonly status: 429 | 503;
  readonly message: string;
}

/** How often idle sessions are looked for, at most (a fraction of the timeout when shorter). */
const SWEEP_INTERVAL_MS = 30_000;
/** How long a client holding a stream open has to answer the liveness ping (MCP `ping`). */
const PING_TIMEOUT_MS = 30_000;

/**
 * Open MCP sessions of both HTTP transports, keyed by session id. Each session belongs to the
 * identity that opened it: any other caller is told the session does not exist. Limits: sessions
 * in all and per identity, open SSE streams, and an idle timeout: a session with no request for
 * K8S_MCP_SESSION_IDLE_TIMEOUT seconds is closed; one that holds a stream open (a client waiting
 * for notifications sends nothing, legitimately) is sent an MCP `ping` and closed only when it does
 * not answer — a stream kept open by a client that is gone or stuck would otherwise hold ~33 KiB
 * for good (docs/benchmarks.md, R6). Closed on shutdown.
 */
@Injectable()
export class SessionRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(SessionRegistry.name);
  private readonly sessions = new Map<string, Session>();
  private openStreams = 0;
  /** Sessions being initialized, by owner: counted against the caps before they exist. */
  private readonly pending = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly scheduler: SchedulerRegistry = new SchedulerRegistry(),
  ) {}

  /**
   * Holds a session slot for this caller while its initialize runs (concurrent initializes cannot
   * overshoot the caps); a refusal when a cap is reached. Call `release` once the session was
   * added or failed.
   */
  reserve(owner: CallerIdentity): { release: () => void } | LimitRefusal {
    const refusal = this.refuseNew(owner);
    if (refusal) return refusal;
    const key = identityKey(owner);
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.pending.get(key) ?? 1) - 1;
        if (left > 0) this.pending.set(key, left);
        else this.pending.delete(key);
      },
    };
  }

  /** Why this caller may not open a session now, or undefined. */
  refuseNew(owner: CallerIdentity): LimitRefusal | undefined {
    const max = this.config.K8S_MCP_MAX_SESSIONS;
    let pendingAll = 0;
    for (const n of this.pending.values()) pendingAll += n;
    if (this.sessions.size + pendingAll >= max)
      return {
        status: 503,
        message: `too many open MCP sessions (${max}, K8S_MCP_MAX_SESSIONS): close unused sessions or try again later`,
      };
    const perIdentity = this.config.K8S_MCP_MAX_SESSIONS_PER_IDENTITY;
    const key = identityKey(owner);
    let mine = this.pending.get(key) ?? 0;
    for (const s of this.sessions.values()) if (s.owner === key) mine++;
    if (mine >= perIdentity)
      return {
        status: 429,
        message: `this caller has too many open MCP sessions (${perIdentity}, K8S_MCP_MAX_SESSIONS_PER_IDENTITY): end unused sessions (DELETE /mcp) first`,
      };
    return undefined;
  }

  add(id: string, session: Pick<Session, 'server' | 'transport' | 'kind'>, owner: CallerIdentity): void {
    const now = Date.now();
    this.sessions.set(id, {
      ...session,
      owner: identityKey(owner),
      createdAt: now,
      lastActiveAt: now,
      streams: 0,
    });
    this.logger.debug(`session ${id} opened (${session.kind}); ${this.sessions.size} open`);
    this.startSweeper();
  }

  /**
   * The session for this caller on this transport. Another caller's session is "not found" (404),
   * exactly as an unknown id; the caller's own session on the other transport is a 400.
   */
  lookup(id: string, kind: SessionTransport, caller: CallerIdentity): SessionLookup {
    const session = this.sessions.get(id);
    if (!session || session.owner !== identityKey(caller))
      return { found: false, status: 404, message: 'session not found' };
    if (session.kind !== kind)
      return {
        found: false,
        status: 400,
        message:
          session.kind === 'sse'
            ? 'session belongs to the SSE transport (/sse + /messages)'
            : 'session belongs to the Streamable HTTP transport (/mcp)',
      };
    session.lastActiveAt = Date.now();
    return { found: true, session };
  }

  remove(id: string): void {
    if (this.sessions.delete(id)) this.logger.debug(`session ${id} closed; ${this.sessions.size} open`);
  }

  countBy(kind: SessionTransport): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.kind === kind) n++;
    return n;
  }

  /** Open sessions in all. */
  get size(): number {
    return this.sessions.size;
  }

  /** Why another SSE stream may not open now, or undefined. */
  refuseStream(): LimitRefusal | undefined {
    const max = this.config.K8S_MCP_MAX_STREAMS;
    return this.openStreams >= max
      ? {
          status: 503,
          message: `too many open SSE streams (${max}, K8S_MCP_MAX_STREAMS): close a stream or try again later`,
        }
      : undefined;
  }

  /**
   * Counts an SSE stream from now until `closed` fires (the response's 'close'); while it is open
   * its session (if any) is not idle.
   */
  trackStream(closed: (listener: () => void) => void, sessionId?: string): void {
    this.openStreams++;
    const session = sessionId ? this.sessions.get(sessionId) : undefined;
    if (session) session.streams++;
    closed(() => {
      this.openStreams--;
      if (session) {
        session.streams--;
        session.lastActiveAt = Date.now();
      }
    });
  }

  /** Open SSE streams in all. */
  get streams(): number {
    return this.openStreams;
  }

  /**
   * Closes sessions idle for longer than K8S_MCP_SESSION_IDLE_TIMEOUT and returns how many; pings
   * idle ones that hold a stream open, and closes those that do not answer in time.
   */
  closeIdle(now = Date.now()): number {
    const timeoutMs = this.config.K8S_MCP_SESSION_IDLE_TIMEOUT * 1000;
    if (timeoutMs === 0) return 0;
    let closed = 0;
    for (const [id, s] of this.sessions) {
      if (now - s.lastActiveAt < timeoutMs) continue;
      if (s.streams > 0) {
        if (!s.probing) this.probe(id, s, Math.min(PING_TIMEOUT_MS, timeoutMs));
        continue;
      }
      this.close(id, s, `${Math.round((now - s.lastActiveAt) / 1000)} s idle`);
      closed++;
    }
    return closed;
  }

  private probe(id: string, s: Session, timeout: number): void {
    s.probing = true;
    s.server
      .request({ method: 'ping' }, EmptyResultSchema, { timeout })
      .then(
        () => (s.lastActiveAt = Date.now()),
        (err: unknown) => {
          // The session may have ended while the ping was out.
          if (this.sessions.get(id) === s)
            this.close(id, s, `no answer to a liveness ping (${(err as Error).message})`);
        },
      )
      .finally(() => (s.probing = false));
  }

  private close(id: string, s: Session, why: string): void {
    this.sessions.delete(id);
    this.logger.log(`session ${id} closed: ${why}`);
    void s.server.close().catch(() => undefined);
  }

  private startSweeper(): void {
    const timeoutMs = this.config.K8S_MCP_SESSION_IDLE_TIMEOUT * 1000;
    if (timeoutMs === 0 || intervalRunning(this.scheduler, JOBS.sessionSweep)) return;
    startInterval(this.scheduler, JOBS.sessionSweep, Math.min(SWEEP_INTERVAL_MS, timeoutMs / 2), () =>
      this.closeIdle(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    stopInterval(this.scheduler, JOBS.sessionSweep);
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((s) => s.server.close()));
  }
}
