import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { namespaceArg } from './shared/namespace-arg.js';
import { defineTool } from './tool-definition.js';

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
  handler: async (args, ctx) => {
    const max = ctx.config.K8S_MAX_SCALE_REPLICAS;
    if (args.replicas > max) {
      throw new AppError(
        'INPUT.INVALID',
        `replicas: expected at most ${max} (K8S_MAX_SCALE_REPLICAS), got ${args.replicas}`,
      );
    }
    const namespace = args.namespace ?? ctx.config.K8S_NAMESPACE;
    const { previous, current } = await ctx.kube.scaleDeployment(namespace, args.name, args.replicas);
    const change = previous === current ? `unchanged at ${current}` : `${previous} → ${current}`;
    return {
      text: `Scaled deployment '${args.name}' in namespace '${namespace}': replicas ${change}. Pods follow within seconds; check with k8s-get-deployments.`,
      structured: { namespace, name: args.name, previousReplicas: previous, replicas: current },
    };
  },
});
