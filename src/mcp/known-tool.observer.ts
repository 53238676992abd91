import type { AuditRecord } from '../security/audit-log.service.js';
import type { ToolCallObserver } from './tool-invoker.service.js';
import type { ToolRegistry } from './tool-registry.js';

/** The tool name observers see for calls of a tool this server does not have. */
export const UNKNOWN_TOOL = 'unknown';

/**
 * Passes calls of tools the registry does not know on as tool "unknown": clients choose the names,
 * and every distinct name would otherwise become a new metric series (unbounded cardinality).
 */
export class KnownToolObserver implements ToolCallObserver {
  constructor(
    private readonly inner: ToolCallObserver,
    private readonly tools: ToolRegistry,
  ) {}

  onToolCall(record: AuditRecord): void {
    const known = this.tools.get(record.tool) !== undefined || this.tools.isHidden(record.tool);
    this.inner.onToolCall(known ? record : { ...record, tool: UNKNOWN_TOOL });
  }
}
