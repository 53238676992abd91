import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_TOOLS } from './index.js';
import {
  firstSentence,
  renderToolTable,
  TOOL_TABLE_BEGIN,
  TOOL_TABLE_END,
  TOOL_TABLE_PATH,
  TOOL_TABLE_REGENERATE,
  withToolTable,
} from './tool-table.js';

const readmePath = fileURLToPath(new URL(`../../../${TOOL_TABLE_PATH}`, import.meta.url));

describe(renderToolTable.name, () => {
  const sut = renderToolTable();

  it('has one row per registered tool, in tools/list order', () => {
    const names = [...sut.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(names).toEqual(ALL_TOOLS.map((t) => t.name));
  });

  it('marks the tools that change the cluster from their annotations', () => {
    for (const t of ALL_TOOLS) {
      const row = sut.split('\n').find((l) => l.startsWith(`| \`${t.name}\` |`))!;
      expect(row.endsWith(t.annotations.readOnlyHint ? '| no |' : '|')).toBe(true);
      expect(row.includes('**yes**')).toBe(!t.annotations.readOnlyHint);
    }
  });

  it('keeps the first sentence of a description, not its abbreviations or later advice', () => {
    expect(firstSentence('List pods, like `kubectl get pods`. Use namespace "all".')).toBe(
      'List pods, like `kubectl get pods`.',
    );
    expect(firstSentence('Set replicas (e.g. 3) of a deployment. Answers old and new.')).toBe(
      'Set replicas (e.g. 3) of a deployment.',
    );
  });

  it('replaces only the text between the markers', () => {
    const doc = `intro\n${TOOL_TABLE_BEGIN}\nold\n${TOOL_TABLE_END}\noutro\n`;
    expect(withToolTable(doc, 'T')).toBe(`intro\n${TOOL_TABLE_BEGIN}\nT\n${TOOL_TABLE_END}\noutro\n`);
    expect(() => withToolTable('no markers')).toThrow(/lacks the markers/);
  });

  it(`is current in ${TOOL_TABLE_PATH} (regenerate with: ${TOOL_TABLE_REGENERATE})`, () => {
    const committed = readFileSync(readmePath, 'utf8');
    const current = withToolTable(committed, sut);
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(readmePath, current);
    else if (committed !== current) {
      throw new Error(
        `the tool table in ${TOOL_TABLE_PATH} is out of date with src/mcp/tools/index.ts; regenerate it with:\n  ${TOOL_TABLE_REGENERATE}`,
      );
    }
  });
});
