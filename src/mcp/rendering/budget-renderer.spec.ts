import {
  byteLength,
  clipBytes,
  clipMiddleBytes,
  renderWithinBudget,
  type Section,
} from './budget-renderer.js';

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
    expect(r.text).toMatch(
      /\[cut to fit 1 KB: 2 more sections, 10 items → k8s-full \{"all":true\}: b \(5\), c \(5\)\]$/,
    );
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

describe('renderWithinBudget under small budgets', () => {
  const budgets = [1024, 2048, 5120];

  it('never cuts the cut notice, which counts every section and item left out', () => {
    const many = Array.from({ length: 12 }, (_, i) => section(`section-with-a-long-title-${i}`, 30, 90));
    for (const max of budgets) {
      const r = renderWithinBudget(['header'], many, max, 'k8s-cluster-summary {"max_size_kb":50}');
      expect(r.bytes).toBeLessThanOrEqual(max);
      const notice = r.text.split('\n').at(-1)!;
      const skipped = many.filter((s) => !r.shown.has(s.id));
      expect(notice).toMatch(
        new RegExp(
          `^\\[cut to fit \\d+ KB: ${skipped.length} more sections, ${skipped.length * 30} items → k8s-cluster-summary \\{"max_size_kb":50\\}.*\\]$`,
        ),
      );
    }
  });

  it('drops healthy and informational sections before problem lists and findings', () => {
    const findings = section('findings', 3, 200, { priority: 0 });
    const healthy = section('pvcs', 2, 60, { priority: 3 });
    const info = section('namespaces', 8, 60, { priority: 2 });
    const problems = section('services', 2, 80, { priority: 1 });
    const r = renderWithinBudget(['header'], [findings, healthy, info, problems], 1024, 'k8s-full {}');
    expect(r.shown.get('findings')).toBe(3);
    expect(r.shown.get('services')).toBe(2);
    expect(r.shown.has('pvcs')).toBe(false);
    // The text keeps the sections' own order.
    expect(r.text.indexOf('## findings')).toBeLessThan(r.text.indexOf('## services'));
  });

  it('takes a shorter form of an item before leaving it out, and never cuts the end of a line', () => {
    const long = `- [critical] Pod shop/recommendations-1: ImagePullBackOff — ${'x'.repeat(900)} registry.invalid/shop/recommendations:1.0 not found`;
    const item = {
      line: `${long}\n  → check the image`,
      shorter: [long],
      data: {},
    };
    const r = renderWithinBudget([], [{ ...section('a', 0), items: [item] }], 1024, 'k8s-full {}');
    expect(r.shown.get('a')).toBe(1);
    expect(r.text).toContain('registry.invalid/shop/recommendations:1.0 not found');
    expect(r.text).toContain('- [critical] Pod shop/recommendations-1: ImagePullBackOff');
  });

  it('lets essential items (critical findings) past the section share', () => {
    const critical = section('a', 6, 100, { maxShare: 0.1 });
    const r = renderWithinBudget(
      [],
      [{ ...critical, items: critical.items.map((i) => ({ ...i, essential: true })) }, section('b', 2)],
      4096,
      'k8s-full {}',
    );
    expect(r.shown.get('a')).toBe(6);
  });
});

describe('clipMiddleBytes', () => {
  it('keeps the start and the end, within the bytes, without splitting a character', () => {
    const s = `ErrImagePull: 🚨 ${'y'.repeat(300)} registry.invalid/app:1.0 not found`;
    const clipped = clipMiddleBytes(s, 120);
    expect(byteLength(clipped)).toBeLessThanOrEqual(120);
    expect(clipped.startsWith('ErrImagePull: 🚨')).toBe(true);
    expect(clipped.endsWith('registry.invalid/app:1.0 not found')).toBe(true);
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
