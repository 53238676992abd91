import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { WORKLOAD_KIND_NAMES, workloadContext } from '../../summary/workload-context.js';
import type { PromptDefinition } from './prompt-definition.js';

/** A diagnosis prompt for one workload, pre-filled with its state, relations, anomalies and events. */
export const diagnoseWorkloadPrompt: PromptDefinition = {
  listing: {
    name: 'diagnose-workload',
    title: 'Diagnose a workload',
    description:
      "Gathers a workload's state, pods, Services/Ingresses/HPAs/PDBs, referenced ConfigMaps/Secrets/claims, anomalies and recent events, and asks for a root-cause diagnosis.",
    arguments: [
      { name: 'namespace', description: 'Namespace of the workload', required: true },
      {
        name: 'kind',
        description: 'Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod',
        required: true,
      },
      { name: 'name', description: 'Name of the workload', required: true },
    ],
  },
  async handler(args, ctx) {
    const { namespace, name } = args;
    const kind = WORKLOAD_KIND_NAMES[(args.kind ?? '').toLowerCase()];
    if (!namespace || !name || !kind) {
      const missing = !namespace ? 'namespace' : !name ? 'name' : 'kind';
      throw new McpError(
        ErrorCode.InvalidParams,
        `diagnose-workload: ${missing}: ${missing === 'kind' && args.kind ? 'unknown kind' : 'required'} — it needs namespace, kind (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) and name`,
        { code: 'INPUT.INVALID' },
      );
    }
    // A hidden namespace answers as a missing one (AppError, mapped by the prompt registry).
    ctx.policy.assertVisible(namespace);
    await ctx.summary.whenReady();
    const snapshot = ctx.summary.snapshot();
    const findings = ctx.summary.anomalies(namespace);
    const context = workloadContext(snapshot, kind, namespace, name, findings);
    const text = [
      `Diagnose the ${kind} ${namespace}/${name} in this Kubernetes cluster.`,
      '',
      'What the server knows right now (from its watch cache):',
      ...context.lines,
      '',
      'Work out the root cause, in this order:',
      '1. Say whether the workload is healthy; if not, which anomaly explains the others (a crashing pod explains an unavailable Deployment and a Service without endpoints).',
      `2. Read the evidence you need: k8s-describe-pod {"namespace":"${namespace}","name":"<pod>"} for a pod's conditions and events, k8s-get-logs {"namespace":"${namespace}","pod":"<pod>","previous":true} for a crashed container, k8s-get-events {"namespace":"${namespace}","name":"${name}"}; if the server offers k8s-relation-query, use it for what depends on this workload.`,
      '3. Give the most likely cause with the evidence that shows it, the fix (the exact change), and what to check after it.',
      'Do not change anything in the cluster without asking first.',
    ].join('\n');
    return {
      description: `Diagnosis of ${kind} ${namespace}/${name}${context.found ? '' : ' (not found in the cache)'}`,
      messages: [{ role: 'user', content: { type: 'text', text: ctx.policy.maskText(text) } }],
    };
  },
};
