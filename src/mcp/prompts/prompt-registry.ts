import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type GetPromptResult, McpError, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import { SummaryService } from '../../summary/summary.service.js';
import type { PromptSource } from '../mcp-server.js';
import { ALL_PROMPTS } from './index.js';
import type { PromptDefinition } from './prompt-definition.js';

/** Start-up check: prompt names unique. */
export function validatePromptList(prompts: readonly PromptDefinition[]): void {
  const seen = new Set<string>();
  for (const p of prompts) {
    if (seen.has(p.listing.name)) throw new Error(`duplicate prompt name '${p.listing.name}'`);
    seen.add(p.listing.name);
  }
}

/** Serves prompts/list and prompts/get from ALL_PROMPTS. */
@Injectable()
export class PromptRegistry implements PromptSource {
  private readonly byName: ReadonlyMap<string, PromptDefinition>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: NamespacePolicy,
    private readonly summary: SummaryService,
  ) {
    validatePromptList(ALL_PROMPTS);
    this.byName = new Map(ALL_PROMPTS.map((p) => [p.listing.name, p]));
  }

  list(): Prompt[] {
    return [...this.byName.values()].map((p) => p.listing);
  }

  async get(name: string, args: Record<string, string> | undefined): Promise<GetPromptResult> {
    const prompt = this.byName.get(name);
    if (!prompt)
      throw new McpError(
        ErrorCode.InvalidParams,
        `unknown prompt '${name}' (prompts: ${[...this.byName.keys()].join(', ')})`,
      );
    try {
      return await prompt.handler(args ?? {}, {
        config: this.config,
        policy: this.policy,
        summary: this.summary,
      });
    } catch (err) {
      if (err instanceof McpError) throw err;
      if (AppError.is(err)) throw new McpError(ErrorCode.InvalidParams, err.describe(), { code: err.code });
      throw err;
    }
  }
}
