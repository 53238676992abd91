import { z } from 'zod';
import type { KubeObject } from '../../k8s/kube-object.js';
import { KINDS, type ResourceRef } from '../../k8s/resource-ref.js';
import { formatAge } from './shared/age.js';
import { aggregateEvents, type KubeEvent } from './shared/events.js';
import { describeFreshness, freshArg, freshnessFields, freshnessOutput } from './shared/freshness.js';
import { getPodOrSuggest } from './shared/pod-lookup.js';
import { affinityText, envFacts, envText, portsText, tolerationsText } from './shared/pod-spec-facts.js';
import { type ContainerStatus, type Pod, podReady, podRestarts, podStatus } from '../../k8s/objects/index.js';
import { renderTable } from './shared/table.js';
import { namespaceArg } from './shared/namespace-arg.js';
import { defineTool } from './tool-definition.js';
import { inNamespace, requireNamespace } from './tool-scope.js';

const OWNER_KINDS: Record<string, ResourceRef> = {
  ReplicaSet: KINDS.replicaSet,
  Deployment: KINDS.deployment,
};
const MAX_OWNER_DEPTH = 4;
const MAX_EVENTS = 20;

/** Owner chain: Pod ← ReplicaSet ← Deployment (followed while the owners can be read). */
async function ownerChain(
  pod: Pod,
  read: (ref: ResourceRef, name: string) => Promise<KubeObject | undefined>,
): Promise<string[]> {
  const chain: string[] = [];
  let current: KubeObject | undefined = pod;
  for (let depth = 0; current && depth < MAX_OWNER_DEPTH; depth++) {
    const owner: NonNullable<KubeObject['metadata']['ownerReferences']>[number] | undefined =
      current.metadata.ownerReferences?.find((o) => o.controller) ?? current.metadata.ownerReferences?.[0];
    if (!owner) break;
    chain.push(`${owner.kind}/${owner.name}`);
    const ownerRef: ResourceRef | undefined = OWNER_KINDS[owner.kind];
    current = ownerRef ? await read(ownerRef, owner.name) : undefined;
  }
  return chain;
}

function describeState(state: ContainerStatus['state']): string {
  if (!state) return 'Unknown';
  if (state.running) return `Running (since ${state.running.startedAt ?? '?'})`;
  if (state.waiting)
    return `Waiting: ${state.waiting.reason ?? ''}${state.waiting.message ? ` — ${state.waiting.message}` : ''}`;
  if (state.terminated) {
    const t = state.terminated;
    return `Terminated: ${t.reason ?? ''} (exit code ${t.exitCode ?? '?'}${t.signal ? `, signal ${t.signal}` : ''})${t.finishedAt ? ` at ${t.finishedAt}` : ''}${t.message ? ` — ${t.message}` : ''}`;
  }
  return 'Unknown';
}

function volumeSource(v: Record<string, unknown>): string {
  const [type, spec] = Object.entries(v).find(([k]) => k !== 'name') ?? ['unknown', {}];
  const s = spec as Record<string, unknown>;
  const ref = s.claimName ?? s.secretName ?? s.name ?? s.path ?? '';
  return `${type}${ref ? ` ${String(ref)}` : ''}`;
}

/** What `kubectl describe pod` tells a person, compact. */
export const describePodTool = defineTool({
  name: 'k8s-describe-pod',
  title: 'Describe a pod',
  description:
    'Everything about one pod, like `kubectl describe pod`: labels, owner chain (ReplicaSet, Deployment), node, IPs, QoS class, ' +
    'node selector, affinity, tolerations, each container (image, state, last state with reason and exit code, ready, restarts, ports, ' +
    'env names with their source; a literal value only if the name does not look like a credential and it is short, never a Secret value), ' +
    'conditions, volumes and the pod events, newest first. Use it to find out why a pod is not Running, scheduled, or keeps restarting.',
  inputSchema: {
    namespace: namespaceArg('pod'),
    name: z.string().min(1).describe('Name of the pod.'),
    fresh: freshArg,
  },
  outputSchema: {
    namespace: z.string().describe('Namespace.'),
    name: z.string().describe('Pod name.'),
    status: z.string().describe('kubectl-style status.'),
    node: z.string().optional().describe('Node the pod runs on.'),
    owners: z.array(z.string()).describe('Owner chain, nearest first (Kind/name).'),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    affinity: z.array(z.string()).optional().describe('One line per rule.'),
    tolerations: z.array(z.string()).optional().describe('key=value:Effect.'),
    containers: z
      .array(
        z.object({
          name: z.string(),
          image: z.string().optional(),
          ready: z.boolean(),
          restartCount: z.number().int(),
          state: z.string(),
          lastState: z.string().optional(),
          requests: z
            .record(z.string(), z.string())
            .optional()
            .describe('Resource requests (cpu, memory, ...).'),
          limits: z.record(z.string(), z.string()).optional().describe('Resource limits (cpu, memory, ...).'),
          ports: z.array(z.string()).optional().describe('"8080/TCP (http)".'),
          env: z
            .array(
              z.object({
                name: z.string().describe('Name; "PREFIX*" for envFrom.'),
                source: z.enum(['literal', 'configMap', 'secret', 'field', 'resource', 'unknown']),
                value: z.string().optional().describe('Literal value, or "<set>" where it could be secret.'),
                from: z
                  .string()
                  .optional()
                  .describe('"object/key" ("/*": all keys), field path or resource.'),
              }),
            )
            .optional(),
        }),
      )
      .describe('Containers with their state.'),
    conditions: z
      .array(
        z.object({
          type: z.string(),
          status: z.string(),
          reason: z.string().optional(),
          message: z.string().optional(),
        }),
      )
      .describe('Pod conditions.'),
    events: z.array(z.record(z.string(), z.unknown())).describe('Events about the pod, newest first.'),
    ...freshnessOutput,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => inNamespace(args.namespace, config),
  handler: async (args, ctx) => {
    const namespace = requireNamespace(ctx.scope);
    const opts = { fresh: args.fresh };
    const { object: pod, freshness } = await getPodOrSuggest(ctx, namespace, args.name, opts);
    const read = (ref: ResourceRef, name: string) =>
      ctx.reads.get(ref, name, namespace, opts).then(
        (r) => r.object,
        () => undefined,
      );
    // The uid keeps out events of an earlier pod of the same name (and picks the cache's index).
    const uid = pod.metadata.uid ? `,involvedObject.uid=${pod.metadata.uid}` : '';
    const [owners, eventPage] = await Promise.all([
      ownerChain(pod, read),
      ctx.reads.list<KubeEvent>(
        KINDS.event,
        {
          namespace,
          fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${args.name}${uid}`,
          limit: 500,
        },
        opts,
      ),
    ]);
    const events = aggregateEvents(
      eventPage.items.filter(
        (e) => !pod.metadata.uid || !e.involvedObject?.uid || e.involvedObject.uid === pod.metadata.uid,
      ),
    );
    const statuses = new Map((pod.status?.containerStatuses ?? []).map((c) => [c.name, c]));
    const containers = (pod.spec?.containers ?? []).map((c) => {
      const s = statuses.get(c.name);
      const last = s?.lastState && Object.keys(s.lastState).length ? describeState(s.lastState) : undefined;
      return {
        name: c.name,
        image: c.image,
        ready: s?.ready ?? false,
        restartCount: s?.restartCount ?? 0,
        state: describeState(s?.state),
        ...(last ? { lastState: last } : {}),
        requests: c.resources?.requests,
        limits: c.resources?.limits,
        ...(c.ports?.length ? { ports: portsText(c) } : {}),
        ...(c.env?.length || c.envFrom?.length ? { env: envFacts(c) } : {}),
      };
    });
    const conditions = (pod.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    }));
    const labels = Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    const nodeSelector = pod.spec?.nodeSelector;
    const affinity = affinityText(pod.spec);
    const tolerations = tolerationsText(pod.spec);
    const now = Date.now();
    const lines = [
      `Name:          ${pod.metadata.name}`,
      `Namespace:     ${namespace}`,
      `Status:        ${podStatus(pod)} (phase ${pod.status?.phase ?? 'Unknown'})${pod.status?.message ? ` — ${pod.status.message}` : ''}`,
      `Ready:         ${podReady(pod)} containers, ${podRestarts(pod)} restarts (counted as kubectl get pods does)`,
      `Created:       ${pod.metadata.creationTimestamp ?? '?'} (${formatAge(pod.metadata.creationTimestamp, now)} ago)`,
      `Node:          ${pod.spec?.nodeName ?? '<none>'}${pod.status?.hostIP ? ` / ${pod.status.hostIP}` : ''}`,
      `Pod IPs:       ${(pod.status?.podIPs ?? []).map((p) => p.ip).join(', ') || pod.status?.podIP || '<none>'}`,
      `QoS class:     ${pod.status?.qosClass ?? '<none>'}`,
      `Controlled by: ${owners.join(' ← ') || '<none>'}`,
      `Service acct:  ${pod.spec?.serviceAccountName ?? 'default'}`,
      `Labels:        ${labels.join(', ') || '<none>'}`,
      `Node-Selector: ${
        Object.entries(nodeSelector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || '<none>'
      }`,
      `Tolerations:   ${tolerations.join(', ') || '<none>'}`,
      ...(affinity.length ? ['Affinity:', ...affinity.map((a) => `  ${a}`)] : []),
      'Containers:',
      ...containers.flatMap((c) => [
        `  ${c.name}: image ${c.image ?? '?'}, ready ${c.ready}, restarts ${c.restartCount}`,
        `    State:      ${c.state}`,
        ...(c.lastState ? [`    Last state: ${c.lastState}`] : []),
        ...(c.ports ? [`    Ports:      ${c.ports.join(', ')}`] : []),
        ...(c.env ? [`    Env:        ${c.env.map(envText).join(', ')}`] : []),
        ...(c.requests || c.limits
          ? [
              `    Resources:  requests ${JSON.stringify(c.requests ?? {})}, limits ${JSON.stringify(c.limits ?? {})}`,
            ]
          : []),
      ]),
      'Conditions:',
      ...(conditions.length
        ? conditions.map(
            (c) =>
              `  ${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`,
          )
        : ['  <none>']),
      'Volumes:',
      ...((pod.spec?.volumes ?? []).length
        ? (pod.spec?.volumes ?? []).map((v) => `  ${String(v.name)}: ${volumeSource(v)}`)
        : ['  <none>']),
      'Events:',
    ];
    const shown = events.slice(0, MAX_EVENTS);
    if (shown.length === 0) lines.push('  <none>');
    else {
      const table = renderTable(
        ['LAST SEEN', 'TYPE', 'REASON', 'COUNT', 'MESSAGE'],
        shown.map((e) => [
          formatAge(e.lastSeen, now),
          e.type,
          e.reason,
          String(e.count),
          e.message.replace(/\s+/g, ' '),
        ]),
      );
      lines.push(...table.split('\n').map((l) => `  ${l}`));
      if (events.length > shown.length)
        lines.push(
          `  … and ${events.length - shown.length} more events (k8s-get-events with kind Pod and name ${args.name})`,
        );
    }
    lines.push(describeFreshness(freshness));
    if (eventPage.freshness.source !== freshness.source)
      lines.push(`Events: ${describeFreshness(eventPage.freshness)}`);
    return {
      text: lines.join('\n'),
      structured: {
        namespace,
        name: pod.metadata.name,
        status: podStatus(pod),
        ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
        owners,
        ...(nodeSelector && Object.keys(nodeSelector).length ? { nodeSelector: { ...nodeSelector } } : {}),
        ...(affinity.length ? { affinity } : {}),
        ...(tolerations.length ? { tolerations } : {}),
        containers,
        conditions,
        events: shown.map((e) => ({ ...e })),
        ...freshnessFields(freshness),
      },
    };
  },
});
