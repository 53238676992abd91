import { KINDS } from '../../k8s/resource-ref.js';
import { formatAge } from './shared/age.js';
import { listArgs, listOutput } from './shared/list-args.js';
import { type Columns, nameColumn, runList } from './shared/list-runner.js';
import { type Pod, podReady, podRestarts, podStatus } from '../../k8s/objects/index.js';
import { defineTool } from './tool-definition.js';
import { namespaceOrAll } from './tool-scope.js';

const columns: Columns<Pod> = [
  nameColumn(),
  ['READY', (p) => podReady(p)],
  ['STATUS', (p) => podStatus(p)],
  ['RESTARTS', (p) => String(podRestarts(p))],
  ['AGE', (p, now) => formatAge(p.metadata.creationTimestamp, now)],
  ['NODE', (p) => p.spec?.nodeName ?? '<none>'],
];

/** Lists pods like `kubectl get pods`. */
export const getPodsTool = defineTool({
  name: 'k8s-get-pods',
  title: 'List pods',
  description:
    'List pods with readiness, status (CrashLoopBackOff, Pending, ...), restarts, age and node, like `kubectl get pods`. ' +
    'fieldSelector "status.phase!=Running" finds unhealthy pods. Follow up with k8s-describe-pod or k8s-get-logs.',
  inputSchema: listArgs,
  outputSchema: listOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => namespaceOrAll(args.namespace, config),
  handler: (args, ctx) => runList<Pod>(ctx, KINDS.pod, args, columns),
});
