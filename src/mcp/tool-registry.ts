import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ALL_TOOLS } from './tools/index.js';
import type { ToolDefinition } from './tools/tool-definition.js';

/** DI token for the list of tool definitions (tests may provide their own). */
export const TOOL_DEFINITIONS = Symbol('TOOL_DEFINITIONS');

const NAME = /^k8s-[a-z0-9-]+$/;
const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** Start-up check of the explicit tool list: unique names, all hints set, described fields. */
export function validateToolList(tools: readonly ToolDefinition[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (!NAME.test(tool.name)) throw new Error(`tool name '${tool.name}' must match ${NAME}`);
    if (seen.has(tool.name)) throw new Error(`duplicate tool name '${tool.name}'`);
    seen.add(tool.name);
    for (const hint of HINTS) {
      if (typeof tool.annotations?.[hint] !== 'boolean')
        throw new Error(`tool '${tool.name}' lacks annotation ${hint}`);
    }
    for (const [field, schema] of Object.entries(tool.inputSchema)) {
      if (!(schema as z.ZodType).description)
        throw new Error(`tool '${tool.name}': input '${field}' has no description`);
    }
  }
}

/** The tools this server offers, after the read-only gate. */
@Injectable()
export class ToolRegistry {
  private readonly enabled: ReadonlyMap<string, ToolDefinition>;
  private readonly hidden: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TOOL_DEFINITIONS) tools: readonly ToolDefinition[],
  ) {
    validateToolList(tools);
    // Read-only mode hides every tool that is not marked read-only: listed nowhere, callable never.
    const visible = tools.filter((t) => !config.K8S_READ_ONLY || t.annotations.readOnlyHint);
    this.enabled = new Map(visible.map((t) => [t.name, t]));
    this.hidden = new Set(tools.filter((t) => !this.enabled.has(t.name)).map((t) => t.name));
  }

  list(): ToolDefinition[] {
    return [...this.enabled.values()];
  }

  get(name: string): ToolDefinition | undefined {
    return this.enabled.get(name);
  }

  /** True for a tool that exists but is switched off by read-only mode. */
  isHidden(name: string): boolean {
    return this.hidden.has(name);
  }
}

/** Default provider: the explicit list from tools/index.ts. */
export const toolDefinitionsProvider = { provide: TOOL_DEFINITIONS, useValue: ALL_TOOLS };
