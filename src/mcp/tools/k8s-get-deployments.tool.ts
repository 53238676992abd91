import type { KubeObject } from '../../k8s/kube-object.js';
import { KINDS } from '../../k8s/resource-ref.js';
import { listArgs, listOutput } from './shared/list-args.js';
import { ageColumn, type Columns, nameColumn, runList } from './shared/list-runner.js';
import { defineTool } from './tool-definition.js';
import { namespaceOrAll } from './tool-scope.js';

interface Deployment extends KubeObject {
  readonly spec?: { readonly replicas?: number };
  readonly status?: {
    readonly readyReplicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
  };
}

const columns: Columns<Deployment> = [
  nameColumn(),
  ['READY', (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`],
  ['UP-TO-DATE', (d) => String(d.status?.updatedReplicas ?? 0)],
  ['AVAILABLE', (d) => String(d.status?.availableReplicas ?? 0)],
  ageColumn(),
];

/** Lists deployments like `kubectl get deployments`. */
export const getDeploymentsTool = defineTool({
  name: 'k8s-get-deployments',
  title: 'List deployments',
  description:
    'List deployments with ready/desired replicas, up-to-date and available counts and age, like `kubectl get deployments`. ' +
    'READY below desired means pods are failing: list them with k8s-get-pods and a labelSelector.',
  inputSchema: listArgs,
  outputSchema: listOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => namespaceOrAll(args.namespace, config),
  handler: (args, ctx) => runList<Deployment>(ctx, KINDS.deployment, args, columns),
});
