// A summary built from a snapshot and rendered as the k8s-cluster-summary tool answers: the
// summary module returns data, the MCP layer renders it within the budget.
import { type SummaryAnswer, renderSummary } from '../../src/mcp/rendering/summary-text.js';
import type { RankedFinding } from '../../src/summary/ranking.js';
import { buildSummary, type SummaryInput, type SummaryRequest } from '../../src/summary/summary-builder.js';

export function summaryAnswer(
  input: SummaryInput,
  req: SummaryRequest & { readonly maxBytes: number },
  precomputed?: readonly RankedFinding[],
): SummaryAnswer {
  return renderSummary(buildSummary(input, req, precomputed), req.maxBytes);
}
