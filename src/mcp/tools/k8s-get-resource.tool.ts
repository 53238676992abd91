import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import type { KubeObject } from '../../k8s/kube-object.js';
import { describeFreshness, freshArg, freshnessFields, freshnessOutput } from './shared/freshness.js';
import { getOrSuggest } from './shared/object-lookup.js';
import { KIND_DESCRIPTION, redactIfSecret, resolveKind } from './shared/resource-kind.js';
import { trimObject } from '../../k8s/trim-object.js';
import { defineTool } from './tool-definition.js';
import { byKind, inNamespace } from './tool-scope.js';

/** Reads one object of any kind, like `kubectl get <kind> <name> -o yaml`. */
export const getResourceTool = defineTool({
  name: 'k8s-get-resource',
  title: 'Get one object of any kind',
  description:
    'Read one object of any kind in full, custom resources included, like `kubectl get <kind> <name> -o yaml` (managedFields stripped). ' +
    'Secret values are never shown: each is replaced by "<redacted, N bytes>". For why a pod fails prefer k8s-describe-pod. ' +
    'A name that does not exist is answered with similar names.',
  inputSchema: {
    kind: z.string().min(1).describe(KIND_DESCRIPTION),
    name: z.string().min(1).describe('Name of the object.'),
    namespace: z
      .string()
      .min(1)
      .optional()
      .describe('Namespace of the object; ignored for cluster-scoped kinds.'),
    output: z.enum(['yaml', 'json']).optional().describe('yaml (default) or json.'),
    fresh: freshArg,
  },
  outputSchema: {
    kind: z.string().describe('Kind of the object.'),
    apiVersion: z.string().describe('apiVersion of the object, e.g. "apps/v1".'),
    name: z.string().describe('Name of the object.'),
    namespace: z.string().optional().describe('Namespace, for namespaced kinds.'),
    object: z
      .record(z.string(), z.unknown())
      .describe('The object, trimmed (no managedFields), Secret values redacted.'),
    ...freshnessOutput,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, ctx) => byKind(args.kind, inNamespace(args.namespace, ctx.config), ctx),
  handler: async (args, ctx) => {
    const kind = await resolveKind(ctx, args.kind, 'get');
    const namespace = kind.namespaced ? (args.namespace ?? ctx.config.K8S_NAMESPACE) : undefined;
    if (namespace === 'all') {
      throw new AppError('INPUT.INVALID', 'namespace: "all" names no namespace; an object lives in one', {
        hint: `give its namespace, or find it with k8s-list-resources (kind ${kind.plural}, namespace "all")`,
      });
    }
    const { object: found, freshness } = await getOrSuggest<KubeObject>(
      ctx,
      kind,
      args.name,
      namespace,
      'k8s-list-resources',
      { fresh: args.fresh },
    );
    // Secret values go before anything is rendered, so neither the text nor the data can hold them.
    const object = redactIfSecret(kind, trimObject(found));
    // The text stays parseable: a YAML comment says where the object came from; JSON has no
    // comments, so there it is said only in structuredContent (source, freshness).
    const text =
      args.output === 'json'
        ? JSON.stringify(object, null, 2)
        : `# ${describeFreshness(freshness)}\n${toYaml(object)}`;
    return {
      text,
      structured: {
        kind: kind.kind,
        apiVersion: object.apiVersion ?? kind.apiVersion,
        name: object.metadata.name,
        ...(namespace ? { namespace } : {}),
        object,
        ...freshnessFields(freshness),
      },
    };
  },
});
