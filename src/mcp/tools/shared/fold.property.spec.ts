import fc from 'fast-check';
import { FOLD_MIN_ROWS, foldRecords, renderFoldedTable } from './fold.js';

// Folding must not drop or change a fact: every row can be read back whole from the folded text
// (the stated value, or the row's own in brackets), names stay on every row, and the header line
// counts the rows that differ. Cells here are single words, so the text can be parsed back.

const word = fc.stringMatching(/^[a-z0-9]{1,3}$/);
/** A column mostly one value (so that it folds), sometimes another. */
const skewed = fc.oneof({ weight: 9, arbitrary: fc.constant('x') }, { weight: 1, arbitrary: word });

const table = fc.integer({ min: 1, max: 4 }).chain((extra) =>
  fc.record({
    extra: fc.constant(extra),
    textLast: fc.boolean(),
    rows: fc.array(
      fc.tuple(
        fc.stringMatching(/^n[a-z0-9]{1,4}$/),
        fc.array(skewed, { minLength: extra, maxLength: extra }),
      ),
      { minLength: FOLD_MIN_ROWS, maxLength: FOLD_MIN_ROWS + 30 },
    ),
  }),
);

/** Reads the folded text back into rows of the original columns. */
function unfold(text: string, headers: readonly string[]): string[][] {
  const lines = text.split('\n');
  const stated = new Map<string, string>();
  const first = lines[0]!;
  const folds = first.startsWith('Folded columns') ? lines.shift()! : '';
  for (const m of folds.matchAll(/([A-Z0-9_]+)=("(?:[^"\\]|\\.)*"|[^\s.]+)/g))
    stated.set(m[1]!, m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!);
  const kept = lines.shift()!.split(/\s+/);
  return lines.map((line) => {
    const own = new Map<string, string>();
    const mark = /\[([^\]]*)\]/.exec(line);
    if (mark) for (const a of mark[1]!.split(' ')) own.set(a.split('=')[0]!, a.split('=')[1]!);
    const cells = line
      .replace(/\s*\[[^\]]*\]\s*/, ' ')
      .trim()
      .split(/\s+/);
    expect(cells).toHaveLength(kept.length);
    const byHeader = new Map(kept.map((h, i) => [h, cells[i]!]));
    return headers.map((h) => byHeader.get(h) ?? own.get(h) ?? stated.get(h)!);
  });
}

describe('fold (property)', () => {
  it('the folded text gives every row back whole, names on every row, the exceptions counted', () => {
    fc.assert(
      fc.property(table, ({ extra, textLast, rows }) => {
        const headers = ['NAME', ...Array.from({ length: extra }, (_, i) => `C${i}`)];
        const plain = rows.map(([name, cells]) => [name, ...cells]);
        const { text, folds } = renderFoldedTable(headers, plain, {
          foldable: (h) => h !== 'NAME',
          textLast,
        });
        expect(folds.map((f) => f.header)).not.toContain('NAME');
        expect(unfold(text, headers)).toEqual(plain);
        const differing = plain.filter((r) => folds.some((f) => r[f.index] !== f.value)).length;
        if (folds.length > 0 && differing > 0)
          expect(text).toContain(`except ${differing} of the ${plain.length}`);
      }),
      { numRuns: 100 },
    );
  });

  it('{ ...folded, ...item } is the unfolded item', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: word,
            status: skewed,
            count: fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer() }),
            flag: fc.boolean(),
          }),
          { minLength: FOLD_MIN_ROWS, maxLength: FOLD_MIN_ROWS + 30 },
        ),
        (items) => {
          const sut = foldRecords(items, (k) => k !== 'name');
          expect(sut.folded?.name).toBeUndefined();
          expect(sut.items.map((i) => ({ ...sut.folded, ...i }))).toEqual(items);
        },
      ),
      { numRuns: 100 },
    );
  });
});
