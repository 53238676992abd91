import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { AppConfig } from '../../config/app-config.js';
import type { NamespacePolicy } from '../../security/namespace-policy.js';
import type { SummaryService } from '../../summary/summary.service.js';

/** What a prompt handler reads. */
export interface PromptContext {
  readonly config: AppConfig;
  readonly policy: NamespacePolicy;
  readonly summary: SummaryService;
}

/** One MCP prompt: its listing and the handler that fills it from the cluster. One file each. */
export interface PromptDefinition {
  readonly listing: Prompt;
  handler(args: Record<string, string>, ctx: PromptContext): Promise<GetPromptResult>;
}
