import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../../common/errors/app-error.js';
import { namespaceNotFound } from '../../common/errors/not-found.js';
import { similarNames } from '../../common/similar-names.js';
import type { ClusterSnapshot } from '../../summary/cluster-snapshot.js';
import { WORKLOAD_KIND_NAMES, workloadContext } from './workload-context.js';
import type { PromptDefinition } from './prompt-definition.js';

const KINDS = [...new Set(Object.values(WORKLOAD_KIND_NAMES))];

/** The accepted kinds a mistyped one looks like ("deploymnets" → Deployment). */
function kindsLike(asked: string): string[] {
  const names = Object.keys(WORKLOAD_KIND_NAMES);
  const plural = asked.toLowerCase().replace(/e?s$/, '');
  const like = [...similarNames(asked.toLowerCase(), names), ...similarNames(plural, names)];
  return [...new Set(like.map((n) => WORKLOAD_KIND_NAMES[n]!))];
}

/**
 * Why the workload is not in the cache, as the tools say it (from the same cache the prompt is
 * filled from): the namespace does not exist (with the visible ones like it), the name lives in
 * another namespace or is another kind, or names like it. Never a diagnosis of nothing.
 */
function notFound(snapshot: ClusterSnapshot, kind: string, namespace: string, name: string): AppError {
  // Namespaces the caller may not see are left out of all() and read as missing: the same answer.
  if (snapshot.watches('Namespace') && !snapshot.get('Namespace', undefined, namespace))
    return namespaceNotFound(
      namespace,
      similarNames(
        namespace,
        snapshot.all('Namespace').map((n) => n.metadata.name),
      ),
    );
  const elsewhere = snapshot
    .all(kind)
    .filter((o) => o.metadata.name === name && o.metadata.namespace !== namespace)
    .map((o) => o.metadata.namespace!);
  const otherKinds = KINDS.filter((k) => k !== kind && snapshot.get(k, namespace, name));
  const similar = similarNames(
    name,
    snapshot.inNamespace(kind, namespace).map((o) => o.metadata.name),
  );
  const lower = kind.toLowerCase();
  const hint = elsewhere.length
    ? `${lower} '${name}' exists in namespace ${elsewhere.map((n) => `'${n}'`).join(', ')}: pass namespace "${elsewhere[0]}"`
    : otherKinds.length
      ? `${otherKinds.map((k) => `${k} '${name}'`).join(', ')} exists there: pass kind "${otherKinds[0]}"`
      : similar.length
        ? `the namespace has ${lower}s ${similar.map((n) => `'${n}'`).join(', ')}`
        : `namespace '${namespace}' has no ${lower} like it`;
  return new AppError(
    'K8S.NOT_FOUND',
    `failed to get ${lower} '${name}' in namespace '${namespace}': not found`,
    {
      hint,
      details: { kind, name, namespace, suggestions: similar },
    },
  );
}
/** The changes the prompt lists: the last hour, the usual "what changed before it broke" window. */
const CHANGES_WINDOW_MS = 60 * 60_000;

/** A diagnosis prompt for one workload, pre-filled with its state, relations, anomalies and events. */
export const diagnoseWorkloadPrompt: PromptDefinition = {
  listing: {
    name: 'diagnose-workload',
    title: 'Diagnose a workload',
    description:
      "Gathers a workload's state, pods, Services/Ingresses/HPAs/PDBs, referenced ConfigMaps/Secrets/claims, anomalies, recent changes and recent events, and asks for a root-cause diagnosis.",
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
      const like = missing === 'kind' && args.kind ? kindsLike(args.kind) : [];
      const why =
        missing === 'kind' && args.kind
          ? `'${args.kind}' is not a kind it diagnoses${like.length ? ` — did you mean ${like.join(', ')}?` : ''}`
          : 'required';
      throw new McpError(
        ErrorCode.InvalidParams,
        `diagnose-workload: ${missing}: ${why} — it needs namespace, kind (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) and name`,
        { code: 'INPUT.INVALID' },
      );
    }
    // A hidden namespace answers as a missing one (AppError, mapped by the prompt registry).
    ctx.policy.assertVisible(namespace);
    await ctx.summary.whenReady();
    const snapshot = ctx.summary.snapshot();
    const findings = ctx.summary.anomalies(namespace);
    const context = workloadContext(snapshot, kind, namespace, name, findings);
    if (!context.found) throw notFound(snapshot, kind, namespace, name);
    const changes = ctx.summary.changesAround(snapshot, kind, namespace, name, CHANGES_WINDOW_MS);
    const whatChanged = `k8s-what-changed ${JSON.stringify({ relatedTo: { kind, name, namespace }, sinceMinutes: 60 })}`;
    const text = [
      `Diagnose the ${kind} ${namespace}/${name} in this Kubernetes cluster.`,
      '',
      'What the server knows right now (from its watch cache):',
      ...context.lines,
      ...(changes
        ? [
            `Changes in the last hour to it, its owners and the ConfigMaps/Secrets/claims it names (the server's change journal, newest first): ${changes.length ? '' : 'none recorded'}`,
            ...changes,
          ]
        : []),
      '',
      'Work out the root cause, in this order:',
      '1. Say whether the workload is healthy; if not, which anomaly explains the others (a crashing pod explains an unavailable Deployment and a Service without endpoints), and whether a change shortly before it (a new image, an edited ConfigMap, a Node gone NotReady) explains it.',
      `2. Read the evidence you need: k8s-describe-pod {"namespace":"${namespace}","name":"<pod>"} for a pod's conditions and events, k8s-get-logs {"namespace":"${namespace}","pod":"<pod>","previous":true} for a crashed container, k8s-get-events {"namespace":"${namespace}","name":"${name}"}${changes ? `; ${whatChanged} for every change around it (its pods, their Node, the Services in front of it)` : ''}; if the server offers k8s-relation-query, use it for what depends on this workload.`,
      '3. Give the most likely cause with the evidence that shows it, the fix (the exact change), and what to check after it.',
      'Do not change anything in the cluster without asking first.',
    ].join('\n');
    return {
      description: `Diagnosis of ${kind} ${namespace}/${name}`,
      // Masked by the prompt registry, which keeps echoes of the caller's arguments: masking here
      // too would mask an echoed guess that a missing name leaves alone.
      messages: [{ role: 'user', content: { type: 'text', text } }],
    };
  },
};
