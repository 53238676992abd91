import { z } from 'zod';
import { type Node, nodeStatus } from '../../k8s/objects/index.js';
import { KINDS } from '../../k8s/resource-ref.js';
import { listArgs, listOutput } from './shared/list-args.js';
import { ageColumn, type Columns, nameColumn, runList } from './shared/list-runner.js';
import { defineTool } from './tool-definition.js';
import { CLUSTER_SCOPED } from './tool-scope.js';
import { taintText } from '../../summary/scheduling.js';

function roles(n: Node): string {
  const found = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length) || '<none>');
  return found.join(',') || '<none>';
}

const columns: Columns<Node> = [
  nameColumn(),
  ['STATUS', nodeStatus],
  ['ROLES', roles],
  ageColumn(),
  ['VERSION', (n) => n.status?.nodeInfo?.kubeletVersion ?? ''],
  ['INTERNAL-IP', (n) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '<none>'],
  // Not a kubectl column: which pods a node refuses is half of why a pod is Unschedulable.
  ['TAINTS', (n) => (n.spec?.taints ?? []).map(taintText).join(',') || '<none>'],
];

const { namespace: _namespace, ...nodeArgs } = listArgs;

/** Lists nodes like `kubectl get nodes -o wide`. */
export const getNodesTool = defineTool({
  name: 'k8s-get-nodes',
  title: 'List nodes',
  description:
    'List cluster nodes with status (Ready, NotReady, SchedulingDisabled), roles, age, kubelet version, internal IP and taints, like `kubectl get nodes -o wide`; labelSelector finds the nodes with a label. ' +
    'Nodes are cluster-wide (no namespace).',
  inputSchema: nodeArgs,
  outputSchema: {
    ...listOutput,
    namespace: z.string().optional().describe('Not used: nodes are cluster-scoped.'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: () => CLUSTER_SCOPED,
  handler: (args, ctx) => runList<Node>(ctx, KINDS.node, args, columns),
});
