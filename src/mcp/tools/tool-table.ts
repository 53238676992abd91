import { ALL_TOOLS } from './index.js';
import type { ToolDefinition } from './tool-definition.js';

/** The file whose tool table is generated from the registry (STYLE.md rule 15). */
export const TOOL_TABLE_PATH = 'README.md';

/** The command that rewrites the table in TOOL_TABLE_PATH from ALL_TOOLS. */
export const TOOL_TABLE_REGENERATE = 'UPDATE_SNAPSHOTS=1 npm run test:unit -- --testPathPatterns tool-table';

/** Markers around the generated table; everything between them is replaced. */
export const TOOL_TABLE_BEGIN = `<!-- tools:begin (generated from src/mcp/tools/index.ts; regenerate with: ${TOOL_TABLE_REGENERATE}) -->`;
export const TOOL_TABLE_END = '<!-- tools:end -->';

/** The first sentence of a tool description: what it does, without the advice to the model. */
export function firstSentence(text: string): string {
  const m = /^(.+?\.)(?:\s+[A-Z(`"]|$)/s.exec(text.trim());
  return (m ? m[1] : text).replace(/\s+/g, ' ').trim();
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The markdown table of the tools, in tools/list order. */
export function renderToolTable(tools: readonly ToolDefinition[] = ALL_TOOLS): string {
  const rows = tools.map((t) => {
    const changes = t.annotations.readOnlyHint
      ? 'no'
      : t.annotations.destructiveHint
        ? '**yes** (destructive)'
        : '**yes**';
    return `| \`${t.name}\` | ${cell(t.title)} | ${cell(firstSentence(t.description))} | ${changes} |`;
  });
  return ['| tool | title | what it does | changes the cluster |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/**
 * `document` with the text between the markers replaced by the table; throws when the markers are
 * missing or out of order.
 */
export function withToolTable(document: string, table: string = renderToolTable()): string {
  const begin = document.indexOf(TOOL_TABLE_BEGIN);
  const end = document.indexOf(TOOL_TABLE_END);
  if (begin < 0 || end < begin) {
    throw new Error(`${TOOL_TABLE_PATH} lacks the markers ${TOOL_TABLE_BEGIN} ... ${TOOL_TABLE_END}`);
  }
  return `${document.slice(0, begin + TOOL_TABLE_BEGIN.length)}\n${table}\n${document.slice(end)}`;
}
