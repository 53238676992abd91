import { jest } from '@jest/globals';
import type { NamespacePolicy } from '../../security/namespace-policy.js';
import type { Summary } from '../../summary/summary-builder.js';
import type { SummaryService } from '../../summary/summary.service.js';
import {
  ANOMALIES_URI,
  CLUSTER_SUMMARY_URI,
  MIN_NOTIFY_INTERVAL_MS,
  SummaryResources,
} from './summary-resources.js';

function setup() {
  let facts = 'a';
  let onChange: () => void = () => undefined;
  const summary = {
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    touchWebhooks: () => undefined,
    namespaceVisible: (ns: string) => (ns === 'shop' ? 'yes' : ns === 'later' ? 'unknown' : 'no'),
    snapshot: () => ({ all: () => [{ metadata: { name: 'shop' } }] }),
    // A summary whose only section lists one pod named after the facts: its rendering changes with them.
    summarizeNow: (): Summary => ({
      type: 'anomalies',
      now: 0,
      nodes: 0,
      pods: 1,
      hidden: { namespaces: 0, objects: 0 },
      sections: [{ id: 'restarts', rows: [{ namespace: 'shop', name: facts, restarts: 1 }] }],
      findings: [],
    }),
    onChange: (listener: () => void) => ((onChange = listener), () => undefined),
  } as unknown as SummaryService;
  const policy = { redactDeniedNames: (t: string) => t } as unknown as NamespacePolicy;
  const sut = new SummaryResources(summary, policy, { MAX_SUMMARY_SIZE_KB: 10 });
  sut.onModuleInit();
  const event = () => onChange();
  return { sut, event, change: (f: string) => (facts = f) };
}

describe(SummaryResources.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('notifies a subscriber when a sync event changed the facts, not when it did not', () => {
    const { sut, event, change } = setup();
    const updated = jest.fn();
    sut.subscribe(ANOMALIES_URI, updated);
    event();
    jest.advanceTimersByTime(1000);
    expect(updated).not.toHaveBeenCalled();
    change('b');
    event();
    jest.advanceTimersByTime(1000);
    expect(updated).toHaveBeenCalledTimes(1);
  });

  it('sends at most one notification per resource per 5 s', () => {
    const { sut, event, change } = setup();
    const updated = jest.fn();
    sut.subscribe(CLUSTER_SUMMARY_URI, updated);
    change('b');
    event();
    jest.advanceTimersByTime(600);
    expect(updated).toHaveBeenCalledTimes(1);
    change('c');
    event();
    jest.advanceTimersByTime(2000);
    expect(updated).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(MIN_NOTIFY_INTERVAL_MS);
    expect(updated).toHaveBeenCalledTimes(2);
  });

  it('stops following a resource once its last subscriber left', () => {
    const { sut, event, change } = setup();
    const updated = jest.fn();
    // Without a person the subscription is made at once (a person's waits for their view).
    const end = sut.subscribe(ANOMALIES_URI, updated) as () => void;
    expect(sut.subscribedCount).toBe(1);
    end();
    expect(sut.subscribedCount).toBe(0);
    change('b');
    event();
    jest.advanceTimersByTime(10_000);
    expect(updated).not.toHaveBeenCalled();
  });

  it('refuses unknown URIs, and namespaces that do not exist or are hidden, alike', async () => {
    const { sut } = setup();
    expect(() => sut.subscribe('k8s://nope', () => undefined)).toThrow('uri: unknown resource "k8s://nope"');
    for (const ns of ['secret', 'made-up']) {
      await expect(sut.read(`k8s://namespaces/${ns}/summary`)).rejects.toThrow(`namespace '${ns}' not found`);
      expect(() => sut.subscribe(`k8s://namespaces/${ns}/summary`, () => undefined)).toThrow(
        `namespace '${ns}' not found`,
      );
    }
    // Not synced yet: no watch for a name nobody has checked.
    expect(() => sut.subscribe('k8s://namespaces/later/summary', () => undefined)).toThrow('still syncing');
    expect(sut.subscribedCount).toBe(0);
    const read = await sut.read('k8s://namespaces/shop/summary');
    expect(read.contents[0]).toMatchObject({
      uri: 'k8s://namespaces/shop/summary',
      mimeType: 'text/plain',
      text: expect.stringContaining('- shop/a: 1 restarts'),
    });
  });
});
