import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Limits of one session's replay buffer. */
export interface EventStoreLimits {
  /** Events kept; the oldest go first. */
  readonly maxEvents: number;
  /** Serialised bytes kept (an estimate: JSON length); the oldest go first. */
  readonly maxBytes: number;
}

/**
 * A session's replay buffer keeps its last 1,000 events or 4 MiB, whichever is smaller: a client
 * reconnecting within seconds (a dropped connection, a proxy timeout) misses a handful; one that
 * stayed away longer than that starts a new stream.
 */
export const DEFAULT_EVENT_STORE_LIMITS: EventStoreLimits = { maxEvents: 1000, maxBytes: 4 * 1024 * 1024 };

interface StoredEvent {
  readonly id: EventId;
  readonly streamId: StreamId;
  readonly seq: number;
  readonly message: JSONRPCMessage;
  readonly bytes: number;
}

/**
 * The SDK's EventStore for one Streamable HTTP session, in memory and bounded, so a client that
 * reconnects with Last-Event-ID gets the messages it missed (the SDK's InMemoryEventStore example
 * grows without limit and sorts every event on each replay). Event ids are `<seq>.<streamId>`: the
 * sequence orders them within the session, the stream id says which stream to resume.
 */
export class BoundedEventStore implements EventStore {
  private readonly events: StoredEvent[] = [];
  private readonly byId = new Map<EventId, StoredEvent>();
  private seq = 0;
  private bytes = 0;
  private evicted = 0;

  constructor(private readonly limits: EventStoreLimits = DEFAULT_EVENT_STORE_LIMITS) {}

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const seq = ++this.seq;
    const id = `${seq}.${streamId}`;
    const event: StoredEvent = { id, streamId, seq, message, bytes: JSON.stringify(message).length };
    this.events.push(event);
    this.byId.set(id, event);
    this.bytes += event.bytes;
    while (
      this.events.length > this.limits.maxEvents ||
      (this.bytes > this.limits.maxBytes && this.events.length > 1)
    ) {
      const old = this.events.shift()!;
      this.byId.delete(old.id);
      this.bytes -= old.bytes;
      this.evicted++;
    }
    return Promise.resolve(id);
  }

  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return Promise.resolve(this.byId.get(eventId)?.streamId);
  }

  /** Sends every event of the same stream after `lastEventId`, in order; priming events (no message) are skipped. */
  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const last = this.byId.get(lastEventId);
    if (!last) {
      throw new Error(
        `event ${lastEventId} is not in this session's replay buffer (last ${this.limits.maxEvents} events): open a new stream`,
      );
    }
    for (const event of this.events) {
      if (event.seq <= last.seq || event.streamId !== last.streamId) continue;
      if (!('jsonrpc' in event.message)) continue;
      await send(event.id, event.message);
    }
    return last.streamId;
  }

  /** Size of the buffer, for tests and status. */
  stats(): { events: number; bytes: number; evicted: number } {
    return { events: this.events.length, bytes: this.bytes, evicted: this.evicted };
  }
}
