import { clusterHealthCheckPrompt } from './cluster-health-check.prompt.js';
import { diagnoseWorkloadPrompt } from './diagnose-workload.prompt.js';
import type { PromptDefinition } from './prompt-definition.js';

/** Every prompt the server offers, in prompts/list order. A duplicate name fails start-up. */
export const ALL_PROMPTS: readonly PromptDefinition[] = [diagnoseWorkloadPrompt, clusterHealthCheckPrompt];
