import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from '../config/app-config.js';
import { toolListing } from './tool-listing.js';
import { ToolRegistry, validateToolList } from './tool-registry.js';
import { ALL_TOOLS } from './tools/index.js';
import { defineTool, type ToolDefinition } from './tools/tool-definition.js';
import { CLUSTER_SCOPED } from './tools/tool-scope.js';

const config = (readOnly: boolean) => ({ K8S_READ_ONLY: readOnly }) as AppConfig;
const repoRoot = new URL('../../', import.meta.url).pathname;

const fakeTool = (name: string, readOnly = true): ToolDefinition =>
  defineTool({
    name,
    title: name,
    description: 'd',
    inputSchema: { a: z.string().describe('a') },
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint: !readOnly,
      idempotentHint: true,
      openWorldHint: false,
    },
    scope: () => CLUSTER_SCOPED,
    handler: async () => ({ text: '' }),
  }) as ToolDefinition;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe(ToolRegistry.name, () => {
  it('offers the product tool names', () => {
    const names = ALL_TOOLS.map((t) => t.name);
    for (const required of [
      'k8s-get-pods',
      'k8s-get-services',
      'k8s-get-deployments',
      'k8s-get-nodes',
      'k8s-scale-deployment',
      'k8s-get-logs',
      'k8s-describe-pod',
      'k8s-get-events',
    ]) {
      expect(names).toContain(required);
    }
  });

  it('accepts the real tool list (unique names, every hint set, every input described)', () => {
    expect(() => validateToolList(ALL_TOOLS)).not.toThrow();
  });

  it('refuses a duplicate name, a missing hint and an undescribed input at start-up', () => {
    expect(() => validateToolList([fakeTool('k8s-a'), fakeTool('k8s-a')])).toThrow(
      "duplicate tool name 'k8s-a'",
    );
    const noHint = { ...fakeTool('k8s-b'), annotations: { readOnlyHint: true } } as unknown as ToolDefinition;
    expect(() => validateToolList([noHint])).toThrow('lacks annotation destructiveHint');
    const undescribed = { ...fakeTool('k8s-c'), inputSchema: { x: z.string() } };
    expect(() => validateToolList([undescribed])).toThrow("input 'x' has no description");
  });

  it('hides every tool that is not read-only in read-only mode', () => {
    const sut = new ToolRegistry(config(true), [fakeTool('k8s-read'), fakeTool('k8s-write', false)]);
    expect(sut.list().map((t) => t.name)).toEqual(['k8s-read']);
    expect(sut.get('k8s-write')).toBeUndefined();
    expect(sut.isHidden('k8s-write')).toBe(true);
  });

  it('has an e2e test calling every tool', () => {
    const specs = filesUnder(join(repoRoot, 'test'))
      .filter((f) => f.endsWith('.e2e-spec.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const untested = ALL_TOOLS.map((t) => t.name).filter((name) => !specs.includes(`'${name}'`));
    expect(untested).toEqual([]);
  });

  it('lists the same tools/list as the golden snapshot', () => {
    // A change here changes the public API a model sees: review it, then run jest with -u.
    expect(ALL_TOOLS.map(toolListing)).toMatchSnapshot();
  });
});
