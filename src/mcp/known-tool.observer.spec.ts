import type { AuditRecord } from '../security/audit-log.service.js';
import { KnownToolObserver } from './known-tool.observer.js';
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

describe(KnownToolObserver.name, () => {
  const tools = {
    get: (name: string) => (name === 'k8s-get-pods' ? {} : undefined),
    isHidden: (name: string) => name === 'k8s-scale-deployment',
  } as unknown as ToolRegistry;

  it('passes known and hidden tools on by name, anything else as "unknown"', () => {
    const seen: string[] = [];
    const sut = new KnownToolObserver({ onToolCall: (r) => seen.push(r.tool) }, tools);
    for (const name of ['k8s-get-pods', 'k8s-scale-deployment', 'made-up-by-the-client'])
      sut.onToolCall(record(name));
    expect(seen).toEqual(['k8s-get-pods', 'k8s-scale-deployment', 'unknown']);
  });
});
