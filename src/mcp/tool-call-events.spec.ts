import type { AuditRecord } from '../security/audit-log.service.js';
import { ToolCallEvents } from './tool-call-events.js';
import type { ToolRegistry } from './tool-registry.js';

const record = (tool: string): AuditRecord => ({
  time: '2026-01-01T00:00:00.000Z',
  transport: 'stdio',
  tool,
  arguments: {},
  namespaces: [],
  outcome: 'invalid',
  durationMs: 1,
  responseBytes: 1,
});

describe(ToolCallEvents.name, () => {
  const tools = {
    get: (name: string) => (name === 'k8s-get-pods' ? {} : undefined),
    isHidden: (name: string) => name === 'k8s-scale-deployment',
  } as unknown as ToolRegistry;

  it('passes known and hidden tools on by name, anything else as "unknown"', () => {
    const seen: string[] = [];
    const sut = new ToolCallEvents(tools);
    sut.subscribe((r) => seen.push(r.tool));
    for (const name of ['k8s-get-pods', 'k8s-scale-deployment', 'made-up-by-the-client'])
      sut.emit(record(name));
    expect(seen).toEqual(['k8s-get-pods', 'k8s-scale-deployment', 'unknown']);
  });

  it('stops calling a listener once it unsubscribed, and a throwing listener does not stop the others', () => {
    const seen: string[] = [];
    const sut = new ToolCallEvents(tools);
    sut.subscribe(() => {
      throw new Error('broken observer');
    });
    const off = sut.subscribe((r) => seen.push(r.tool));
    sut.emit(record('k8s-get-pods'));
    off();
    sut.emit(record('k8s-get-pods'));
    expect(seen).toEqual(['k8s-get-pods']);
  });
});
