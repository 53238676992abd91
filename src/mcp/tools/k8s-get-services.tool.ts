import type { KubeObject } from '../../k8s/kube-object.js';
import { KINDS } from '../../k8s/resource-ref.js';
import { listArgs, listOutput } from './shared/list-args.js';
import { ageColumn, type Columns, nameColumn, runList } from './shared/list-runner.js';
import { defineTool } from './tool-definition.js';
import { namespaceOrAll } from './tool-scope.js';

interface Service extends KubeObject {
  readonly spec?: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly externalIPs?: readonly string[];
    readonly externalName?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports?: readonly {
      port: number;
      protocol?: string;
      nodePort?: number;
      targetPort?: number | string;
    }[];
  };
  readonly status?: { readonly loadBalancer?: { ingress?: readonly { ip?: string; hostname?: string }[] } };
}

function externalIp(s: Service): string {
  const lb = s.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname).filter(Boolean) ?? [];
  const ips = [...lb, ...(s.spec?.externalIPs ?? [])];
  if (s.spec?.type === 'ExternalName') return s.spec.externalName ?? '<none>';
  if (ips.length) return ips.join(',');
  return s.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

const ports = (s: Service): string =>
  (s.spec?.ports ?? [])
    .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
    .join(',') || '<none>';

const selector = (s: Service): string =>
  Object.entries(s.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '<none>';

const columns: Columns<Service> = [
  nameColumn(),
  ['TYPE', (s) => s.spec?.type ?? 'ClusterIP'],
  ['CLUSTER-IP', (s) => s.spec?.clusterIP ?? '<none>'],
  ['EXTERNAL-IP', externalIp],
  ['PORT(S)', ports],
  ageColumn(),
  ['SELECTOR', selector],
];

/** Lists services like `kubectl get services -o wide`. */
export const getServicesTool = defineTool({
  name: 'k8s-get-services',
  title: 'List services',
  description:
    'List services with type, cluster IP, external IP, ports, age and selector, like `kubectl get services -o wide`. ' +
    'A selector that matches no pod means the service has no endpoints.',
  inputSchema: listArgs,
  outputSchema: listOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => namespaceOrAll(args.namespace, config),
  handler: (args, ctx) => runList<Service>(ctx, KINDS.service, args, columns),
});
