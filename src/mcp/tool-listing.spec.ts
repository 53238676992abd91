import { INSTRUCTIONS } from './server-identity.js';
import { TOOL_LIST_MAX_BYTES, toolListBytes, toolListing } from './tool-listing.js';
import { ALL_TOOLS } from './tools/index.js';

// The twelve tools the 20 KB bound was set for (issue 20: 42.8 KB before). A tool added later is
// measured on its own line below, so growth shows up as its own number, not as a silent bump.
const BASELINE_TOOLS = [
  'k8s-get-pods',
  'k8s-get-services',
  'k8s-get-deployments',
  'k8s-get-nodes',
  'k8s-scale-deployment',
  'k8s-get-logs',
  'k8s-describe-pod',
  'k8s-get-events',
  'k8s-list-resources',
  'k8s-get-resource',
  'k8s-relation-query',
  'k8s-cluster-summary',
];

/** Every number in a schema, with the path that holds it. */
function numbersIn(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}/${k}`));
}

describe('tools/list', () => {
  it(`stays within ${TOOL_LIST_MAX_BYTES} bytes for the twelve tools it was measured on`, () => {
    const baseline = ALL_TOOLS.filter((t) => BASELINE_TOOLS.includes(t.name));
    expect(baseline.map((t) => t.name).sort()).toEqual([...BASELINE_TOOLS].sort());
    expect(toolListBytes(baseline)).toBeLessThanOrEqual(TOOL_LIST_MAX_BYTES);
  });

  it('gives each tool added later at most 2 KB of its own', () => {
    const added = ALL_TOOLS.filter((t) => !BASELINE_TOOLS.includes(t.name));
    const over = added.map((t) => [t.name, toolListBytes([t])]).filter(([, bytes]) => Number(bytes) > 2048);
    expect(over).toEqual([]);
  });

  it('advertises real bounds: no ±2^53-1 left by an unbounded zod integer', () => {
    const unbounded = ALL_TOOLS.map(toolListing)
      .flatMap((t) => numbersIn(t, t.name))
      .filter(([, n]) => Math.abs(n) === Number.MAX_SAFE_INTEGER);
    expect(unbounded).toEqual([]);
  });

  it('keeps every input described and every output field typed, with required fields', () => {
    for (const listing of ALL_TOOLS.map(toolListing)) {
      const inputs = Object.values(listing.inputSchema.properties ?? {}) as { description?: string }[];
      expect(inputs.every((p) => typeof p.description === 'string' && p.description.length > 0)).toBe(true);
      if (!listing.outputSchema) continue;
      const outputs = Object.values(listing.outputSchema.properties ?? {}) as { type?: unknown }[];
      expect(outputs.every((p) => p.type !== undefined)).toBe(true);
      expect(listing.outputSchema.required?.length).toBeGreaterThan(0);
    }
  });

  it('points a model to the summary first, and only one tool claims "Start here"', () => {
    expect(INSTRUCTIONS).toMatch(/^[^.]*\.\s*Start with k8s-cluster-summary/);
    const starters = ALL_TOOLS.filter((t) => /start here/i.test(t.description)).map((t) => t.name);
    expect(starters).toEqual(['k8s-cluster-summary']);
  });
});
