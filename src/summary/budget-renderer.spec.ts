import { byteLength, clipBytes, renderWithinBudget, type Section } from './budget-renderer.js';

const section = (id: string, n: number, lineBytes = 50, extra: Partial<Section> = {}): Section => ({
  id,
  title: `${id}: ${n} items`,
  items: Array.from({ length: n }, (_, i) => ({ line: `- ${id} ${i} `.padEnd(lineBytes, 'x'), data: { i } })),
  more: (k) => `… and ${k} more ${id} → k8s-x {"id":"${id}"}`,
  drillDown: `k8s-x {"id":"${id}"}`,
  ...extra,
});

describe('renderWithinBudget', () => {
  it('keeps everything when it fits, without notes', () => {
    const r = renderWithinBudget(['header'], [section('a', 3)], 2048, 'k8s-full {}');
    expect(r.truncated).toBe(false);
    expect(r.text.split('\n')).toHaveLength(5);
    expect(r.shown.get('a')).toBe(3);
  });

  it('cuts items with a note saying how many and the call that shows them, never over budget', () => {
    const r = renderWithinBudget(['header'], [section('pods', 100)], 1024, 'k8s-full {}');
    expect(r.bytes).toBeLessThanOrEqual(1024);
    expect(r.truncated).toBe(true);
    const shown = r.shown.get('pods')!;
    expect(r.text).toContain(`… and ${100 - shown} more pods → k8s-x {"id":"pods"}`);
    expect(r.omissions).toEqual([
      { section: 'pods', omitted: 100 - shown, drillDown: 'k8s-x {"id":"pods"}' },
    ]);
  });

  it('names whole sections that did not fit in a final note that keeps the full call', () => {
    const r = renderWithinBudget(
      ['header'],
      [section('a', 40), section('b', 5), section('c', 5)],
      1024,
      'k8s-full {"all":true}',
    );
    expect(r.bytes).toBeLessThanOrEqual(1024);
    expect(r.text).toMatch(/\[cut to fit 1 KB: \d sections → k8s-full \{"all":true\}/);
  });

  it('limits a section to its share of the budget (the first item always shows)', () => {
    const r = renderWithinBudget(
      [],
      [section('a', 50, 100, { maxShare: 0.25 }), section('b', 3)],
      4096,
      'k8s-full {}',
    );
    expect(r.shown.get('a')!).toBeLessThanOrEqual(9);
    expect(r.shown.get('b')).toBe(3);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const wide = section('ü', 200, 60);
    const r = renderWithinBudget(
      ['🚨 header'],
      [{ ...wide, items: wide.items.map((i) => ({ ...i, line: `${i.line}🚨äöü` })) }],
      1024,
      'k8s-full {}',
    );
    expect(byteLength(r.text)).toBeLessThanOrEqual(1024);
  });
});

describe('clipBytes', () => {
  it('never splits a multi-byte character and marks the cut', () => {
    expect(clipBytes('abc', 10)).toBe('abc');
    const clipped = clipBytes('🚨🚨🚨🚨', 10);
    expect(clipped).toBe('🚨…');
    expect(byteLength(clipped)).toBeLessThanOrEqual(10);
  });
});
