import { z } from 'zod';
import type { KubeObject } from '../../k8s/kube-object.js';
import { genericColumns } from './shared/generic-columns.js';
import { listArgs, listOutput } from './shared/list-args.js';
import { runList } from './shared/list-runner.js';
import { KIND_DESCRIPTION, redactIfSecret, resolveKind } from './shared/resource-kind.js';
import { defineTool } from './tool-definition.js';
import { byKind, namespaceOrAll } from './tool-scope.js';

/** Lists objects of any kind the cluster serves, custom resources included, like `kubectl get <kind>`. */
export const listResourcesTool = defineTool({
  name: 'k8s-list-resources',
  title: 'List objects of any kind',
  description:
    'List objects of any kind the cluster serves, custom resources included, like `kubectl get <kind>` ' +
    '(ConfigMaps, Secrets, StatefulSets, Jobs, Ingresses, PVCs, Namespaces, ...). For pods, services, deployments, nodes and events ' +
    'the typed tools have more columns. Secret values are never shown, only their sizes. One object in full: k8s-get-resource.',
  inputSchema: {
    kind: z.string().min(1).describe(KIND_DESCRIPTION),
    ...listArgs,
    namespace: listArgs.namespace.describe('Namespace, or "all"; ignored for cluster-scoped kinds.'),
  },
  outputSchema: listOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, ctx) => byKind(args.kind, namespaceOrAll(args.namespace, ctx.config), ctx),
  handler: async ({ kind: asked, ...args }, ctx) => {
    const kind = await resolveKind(ctx, asked, 'list');
    const out = await runList<KubeObject>(ctx, kind, args, genericColumns, {
      mapItem: (o) => redactIfSecret(kind, o),
    });
    if (kind.namespaced || args.namespace === undefined) return out;
    return {
      ...out,
      text: `(${kind.plural} are cluster-scoped: the namespace argument was ignored)\n${out.text}`,
    };
  },
});
