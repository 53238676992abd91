import { FOLD_MIN_ROWS, foldRecords, renderFoldedTable } from './fold.js';
import { renderTable } from './table.js';

const pods = (n: number, odd?: (i: number) => string[]): string[][] =>
  Array.from({ length: n }, (_, i) => odd?.(i) ?? [`web-${i}`, '1/1', 'Running', `node-${i % 2}`]);
const headers = ['NAME', 'READY', 'STATUS', 'NODE'];
const foldable = (h: string): boolean => h !== 'NAME';

describe(renderFoldedTable.name, () => {
  it('leaves short tables whole', () => {
    const rows = pods(FOLD_MIN_ROWS - 1);
    expect(renderFoldedTable(headers, rows, { foldable }).text).toBe(renderTable(headers, rows));
  });

  it('states the columns every row shares once, in the header line', () => {
    const sut = renderFoldedTable(headers, pods(60), { foldable });
    const lines = sut.text.split('\n');
    expect(lines[0]).toBe('Folded columns, the same in all 60 rows: READY=1/1 STATUS=Running.');
    expect(lines[1]).toBe('NAME     NODE');
    expect(lines[2]).toBe('web-0    node-0');
    expect(lines).toHaveLength(62);
  });

  it('keeps every fact: a row that differs gives its own value in brackets', () => {
    const rows = pods(60, (i) => (i === 7 ? ['web-7', '0/1', 'CrashLoopBackOff', 'node-1'] : undefined!));
    const sut = renderFoldedTable(headers, rows, { foldable }).text.split('\n');
    expect(sut[0]).toBe(
      'Folded columns: READY=1/1 STATUS=Running in every row except 1 of the 60, which give their own value in [brackets] at its end.',
    );
    expect(sut[2 + 7]).toBe('web-7    node-1   [READY=0/1 STATUS=CrashLoopBackOff]');
  });

  it('puts a row’s own values before a free-text last column, quoted when not one word', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [
      'Normal',
      i === 0 ? 'Back Off' : 'Scheduled',
      `assigned web-${i}`,
    ]);
    const sut = renderFoldedTable(['TYPE', 'REASON', 'MESSAGE'], rows, { foldable, textLast: true }).text;
    expect(sut.split('\n')[2]).toBe('[REASON="Back Off"] assigned web-0');
    expect(sut.split('\n')[3]).toBe('assigned web-1');
  });
});

describe(foldRecords.name, () => {
  it('folds shared values into `folded`; folded ⊕ item gives the item back', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      name: `web-${i}`,
      status: i === 3 ? 'Pending' : 'Running',
      count: 1,
    }));
    const sut = foldRecords(items, (k) => k !== 'name');
    expect(sut.folded).toEqual({ status: 'Running', count: 1 });
    expect(sut.items[0]).toEqual({ name: 'web-0' });
    expect(sut.items.map((i) => ({ ...sut.folded, ...i }))).toEqual(items);
  });

  it('leaves short lists and values few items share alone', () => {
    const few = [{ name: 'a', status: 'Running' }];
    expect(foldRecords(few, () => true)).toEqual({ items: few });
    const mixed = Array.from({ length: 60 }, (_, i) => ({ status: String(i % 3) }));
    expect(foldRecords(mixed, () => true).folded).toBeUndefined();
  });
});
