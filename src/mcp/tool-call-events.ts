import { Injectable } from '@nestjs/common';
import type { AuditRecord } from '../security/audit-log.service.js';
import { ToolRegistry } from './tool-registry.js';

/** The tool name listeners see for calls of a tool this server does not have. */
export const UNKNOWN_TOOL = 'unknown';

/** A listener of finished tool calls. */
export type ToolCallListener = (record: AuditRecord) => void;

/**
 * Every finished tool call as an event. The MCP layer emits; layers above it (monitoring's metrics)
 * subscribe, so nothing below imports them. Calls of tools the registry does not know are passed on
 * as tool "unknown": clients choose the names, and every distinct name would otherwise become a new
 * metric series (unbounded cardinality). The audit log keeps the name as called.
 */
@Injectable()
export class ToolCallEvents {
  private readonly listeners = new Set<ToolCallListener>();

  constructor(private readonly tools: ToolRegistry) {}

  /** Calls `listener` after every tool call; the returned function unsubscribes. */
  subscribe(listener: ToolCallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener about one finished call. A throwing listener does not stop the others. */
  emit(record: AuditRecord): void {
    if (this.listeners.size === 0) return;
    const known = this.tools.get(record.tool) !== undefined || this.tools.isHidden(record.tool);
    const event = known ? record : { ...record, tool: UNKNOWN_TOOL };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // Observers must not change a call's answer; a metrics bug shows in the metrics, not here.
      }
    }
  }
}
