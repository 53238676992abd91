import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { namespaceArg } from './shared/namespace-arg.js';
import { KINDS } from '../../k8s/resource-ref.js';
import { notFoundWithSuggestions } from './shared/object-lookup.js';
import { defineTool, type ToolContext } from './tool-definition.js';
import { inNamespace, requireNamespace } from './tool-scope.js';

/**
 * Why there is no Deployment to scale, as the read tools say it (the namespace, names like it,
 * another namespace), and whether the name is a StatefulSet — which this tool does not scale.
 */
async function missingDeployment(ctx: ToolContext, namespace: string, name: string): Promise<AppError> {
  const err = await notFoundWithSuggestions(ctx, KINDS.deployment, name, namespace, {
    verb: 'scale',
    listTool: 'k8s-get-deployments',
  });
  const statefulSet = await ctx.reads
    .get(KINDS.statefulSet, name, namespace, { metadataSuffices: true })
    .then(() => true)
    .catch(() => false);
  if (!statefulSet) return err;
  return new AppError(err.code, err.message, {
    hint: `'${name}' in namespace '${namespace}' is a StatefulSet, not a Deployment: this tool scales Deployments only (k8s-get-resource {"kind":"statefulset","name":"${name}","namespace":"${namespace}"} shows it)`,
    details: { ...err.details, statefulSet: name },
  });
}

/** Sets a deployment's replica count through the scale subresource. */
export const scaleDeploymentTool = defineTool({
  name: 'k8s-scale-deployment',
  title: 'Scale a deployment',
  description:
    'Set the number of replicas of a deployment (like `kubectl scale deployment`). Answers the previous and new counts. ' +
    'Scaling to 0 stops every pod of the deployment. Not available when the server is read-only.',
  inputSchema: {
    namespace: namespaceArg('deployment'),
    name: z.string().min(1).describe('Name of the deployment.'),
    replicas: z
      .number()
      .int()
      .min(0)
      // The largest K8S_MAX_SCALE_REPLICAS the configuration accepts; the server's setting caps it further.
      .max(100_000)
      .describe('Desired replicas (at most K8S_MAX_SCALE_REPLICAS).'),
  },
  outputSchema: {
    namespace: z.string().describe('Namespace of the deployment.'),
    name: z.string().describe('Name of the deployment.'),
    previousReplicas: z.number().int().describe('Replicas before the change.'),
    replicas: z.number().int().describe('Replicas now requested.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => inNamespace(args.namespace, config),
  handler: async (args, ctx) => {
    const max = ctx.config.K8S_MAX_SCALE_REPLICAS;
    if (args.replicas > max) {
      throw new AppError(
        'INPUT.INVALID',
        `replicas: expected at most ${max} (K8S_MAX_SCALE_REPLICAS), got ${args.replicas}`,
      );
    }
    const namespace = requireNamespace(ctx.scope);
    const { previous, current } = await ctx.kube
      .scaleDeployment(namespace, args.name, args.replicas)
      .catch(async (err: unknown) => {
        if (!AppError.is(err, 'K8S.NOT_FOUND')) throw err;
        throw await missingDeployment(ctx, namespace, args.name);
      });
    const change = previous === current ? `unchanged at ${current}` : `${previous} → ${current}`;
    return {
      text: `Scaled deployment '${args.name}' in namespace '${namespace}': replicas ${change}. Pods follow within seconds; check with k8s-get-deployments.`,
      structured: { namespace, name: args.name, previousReplicas: previous, replicas: current },
    };
  },
});
