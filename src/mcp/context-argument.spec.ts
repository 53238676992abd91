import { withContextArgument } from './context-argument.js';
import { toolListing } from './tool-listing.js';
import { ALL_TOOLS } from './tools/index.js';

describe(withContextArgument.name, () => {
  const listed = ALL_TOOLS.map((t) => toolListing(withContextArgument(t)));

  it('adds an optional context argument to every tool but k8s-list-contexts, naming no context', () => {
    for (const tool of listed) {
      const props = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string; enum?: unknown }>;
      if (tool.name === 'k8s-list-contexts') {
        expect(props.context).toBeUndefined();
        continue;
      }
      expect({ tool: tool.name, type: props.context?.type, enum: props.context?.enum }).toEqual({
        tool: tool.name,
        type: 'string',
        enum: undefined,
      });
      expect(tool.inputSchema.required ?? []).not.toContain('context');
    }
  });

  it('leaves the definitions alone (the invoker takes context off before their schema)', () => {
    for (const tool of ALL_TOOLS) expect(Object.keys(tool.inputSchema)).not.toContain('context');
  });
});
