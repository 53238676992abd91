import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type GetPromptResult, McpError, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { assertNameArguments } from '../../security/namespace-name.js';
import { sentStrings } from '../../security/masking.js';
import { multiContext } from '../../config/context-settings.js';
import { ClusterModels, type ModelLease } from '../../contexts/cluster-models.service.js';
import { inModelView } from '../../contexts/model-view.js';
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

/** The `context` argument every prompt takes, listed when calls may name a context (K8S_CONTEXTS). */
const CONTEXT_ARGUMENT = {
  name: 'context',
  description:
    'Kubeconfig context (cluster) to ask; k8s-list-contexts lists them. Default: the default context.',
  required: false,
};

/**
 * Serves prompts/list and prompts/get from ALL_PROMPTS. Every prompt takes an optional `context`:
 * it is filled from that context's model (its cache, namespace policy, the caller's view of that
 * cluster), and a context outside the allow-list is refused as a tool call is.
 */
@Injectable()
export class PromptRegistry implements PromptSource {
  private readonly byName: ReadonlyMap<string, PromptDefinition>;
  private readonly listing: Prompt[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly models: ClusterModels,
  ) {
    validatePromptList(ALL_PROMPTS);
    this.byName = new Map(ALL_PROMPTS.map((p) => [p.listing.name, p]));
    this.listing = ALL_PROMPTS.map((p) =>
      multiContext(config)
        ? { ...p.listing, arguments: [...(p.listing.arguments ?? []), CONTEXT_ARGUMENT] }
        : p.listing,
    );
  }

  list(): Prompt[] {
    return this.listing;
  }

  async get(name: string, args: Record<string, string> | undefined): Promise<GetPromptResult> {
    const prompt = this.byName.get(name);
    if (!prompt)
      throw new McpError(
        ErrorCode.InvalidParams,
        `name: unknown prompt '${name.length > 64 ? `${name.slice(0, 64)}…` : name}' (prompts: ${[...this.byName.keys()].join(', ')})`,
        { code: 'INPUT.INVALID' },
      );
    // `context` chooses the cluster; the prompt's own arguments are checked without it.
    const { context, ...own } = args ?? {};
    checkArguments(prompt, own);
    let lease: ModelLease;
    try {
      lease = await this.models.acquire(context);
    } catch (err) {
      throw AppError.is(err)
        ? new McpError(ErrorCode.InvalidParams, err.describe(), { code: err.code })
        : err;
    }
    const { model } = lease;
    const isDefault = model === this.models.defaultModel();
    const sent = sentStrings(args ?? {});
    try {
      return await inModelView(model, isDefault, async () => {
        // A person reads the cache through their own view (fail closed until it is loaded).
        await loadCallerView();
        assertNameArguments(`prompt ${name}`, own);
        const result = await prompt.handler(own, {
          config: model.config,
          policy: model.policy,
          summary: model.summary,
        });
        // Prompt bodies leave the server like tool answers: every string masked (echoes kept).
        return model.policy.maskValue(isDefault ? result : namingContext(result, model.context), sent);
      });
    } catch (err) {
      if (err instanceof McpError) throw err;
      if (AppError.is(err))
        throw new McpError(ErrorCode.InvalidParams, model.policy.maskText(err.describe(), sent), {
          code: err.code,
        });
      throw err;
    } finally {
      lease.release();
    }
  }
}

/**
 * A prompt filled from a context other than the default says so, and that the tool calls it
 * suggests must name it: without `context` they would ask the default cluster.
 */
function namingContext(result: GetPromptResult, context: string): GetPromptResult {
  const note = `This is the cluster of kubeconfig context '${context}': add "context": ${JSON.stringify(context)} to every tool call, or it asks the default cluster.`;
  const [first, ...rest] = result.messages;
  if (!first || first.content.type !== 'text') return result;
  return {
    ...result,
    ...(result.description ? { description: `${result.description} (context ${context})` } : {}),
    messages: [
      { ...first, content: { ...first.content, text: `${note}\n\n${first.content.text}` } },
      ...rest,
    ],
  };
}
