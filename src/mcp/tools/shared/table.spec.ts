import { renderTable } from './table.js';

describe(renderTable.name, () => {
  it('pads columns like kubectl and does not pad the last column', () => {
    const sut = renderTable(
      ['NAME', 'STATUS'],
      [
        ['web-1', 'Running'],
        ['a', 'CrashLoopBackOff'],
      ],
    );
    expect(sut).toBe('NAME    STATUS\nweb-1   Running\na       CrashLoopBackOff');
  });
});
