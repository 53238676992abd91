import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type GetPromptResult, McpError, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { assertNameArguments } from '../../security/namespace-name.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import { sentStrings } from '../../security/masking.js';
import { SummaryService } from '../../summary/summary.service.js';
import type { PromptSource } from '../mcp-server.js';
import { ALL_PROMPTS } from './index.js';
import type { PromptDefinition } from './prompt-definition.js';
import { loadCallerView } from '../../security/caller-view.js';

/** Start-up check: prompt names unique. */
export function validatePromptList(prompts: readonly PromptDefinition[]): void {
  const seen = new Set<string>();
  for (const p of prompts) {
    if (seen.has(p.listing.name)) throw new Error(`duplicate prompt name '${p.listing.name}'`);
    seen.add(p.listing.name);
  }
}

/** Longest argument value a prompt takes: names and kinds are far shorter; a 1 MB value is a mistake. */
const MAX_ARGUMENT_CHARS = 253;

/** Unknown, missing and oversized arguments refused up front, each error naming the argument. */
function checkArguments(prompt: PromptDefinition, args: Record<string, string>): void {
  const declared = prompt.listing.arguments ?? [];
  const refuse = (message: string): never => {
    throw new McpError(ErrorCode.InvalidParams, `${prompt.listing.name}: ${message}`, {
      code: 'INPUT.INVALID',
    });
  };
  for (const key of Object.keys(args))
    if (!declared.some((a) => a.name === key))
      refuse(
        `${key.length > 64 ? `${key.slice(0, 64)}…` : key}: unknown argument (arguments: ${declared.map((a) => a.name).join(', ') || 'none'})`,
      );
  for (const a of declared) {
    const value = args[a.name];
    if (a.required && !value) refuse(`${a.name}: required`);
    if (value !== undefined && value.length > MAX_ARGUMENT_CHARS)
      refuse(`${a.name}: at most ${MAX_ARGUMENT_CHARS} characters, got ${value.length}`);
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
    // A person reads the cache through their own view (fail closed until it is loaded).
    await loadCallerView();
    const prompt = this.byName.get(name);
    if (!prompt)
      throw new McpError(
        ErrorCode.InvalidParams,
        `name: unknown prompt '${name.length > 64 ? `${name.slice(0, 64)}…` : name}' (prompts: ${[...this.byName.keys()].join(', ')})`,
        { code: 'INPUT.INVALID' },
      );
    checkArguments(prompt, args ?? {});
    const sent = sentStrings(args ?? {});
    try {
      assertNameArguments(`prompt ${name}`, args ?? {});
      const result = await prompt.handler(args ?? {}, {
        config: this.config,
        policy: this.policy,
        summary: this.summary,
      });
      // Prompt bodies leave the server like tool answers: every string masked (echoes kept).
      return this.policy.maskValue(result, sent);
    } catch (err) {
      if (err instanceof McpError) throw err;
      if (AppError.is(err))
        throw new McpError(ErrorCode.InvalidParams, this.policy.maskText(err.describe(), sent), {
          code: err.code,
        });
      throw err;
    }
  }
}
