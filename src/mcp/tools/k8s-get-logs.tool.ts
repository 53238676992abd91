import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { getPodOrSuggest } from './shared/pod-lookup.js';
import { namespaceArg } from './shared/namespace-arg.js';
import { defineTool } from './tool-definition.js';
import { inNamespace, requireNamespace } from './tool-scope.js';

const DEFAULT_TAIL = 100;
const DEFAULT_LIMIT_BYTES = 64 * 1024;
// A model's context cannot take more than this from one call anyway.
const MAX_LIMIT_BYTES = 1024 * 1024;

/** Reads a container's log with line and byte limits. */
export const getLogsTool = defineTool({
  name: 'k8s-get-logs',
  title: 'Read pod logs',
  description:
    'Read the log of a pod container (like `kubectl logs`), newest lines last. Bounded by tailLines (default 100) and limitBytes (default 64 KiB); ' +
    'truncation is announced. Use previous=true to read the log of the last crashed instance of a restarting container (CrashLoopBackOff).',
  inputSchema: {
    namespace: namespaceArg('pod'),
    pod: z.string().min(1).describe('Name of the pod.'),
    container: z.string().min(1).optional().describe('Container; required when the pod has several.'),
    tailLines: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe('Only the last N lines (default 100).'),
    sinceSeconds: z
      .number()
      .int()
      .min(1)
      // Ten years, as k8s-get-events' sinceMinutes: longer means "all".
      .max(315_360_000)
      .optional()
      .describe('Only lines from the last N seconds.'),
    previous: z.boolean().optional().describe('Log of the previous (terminated) instance of the container.'),
    limitBytes: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT_BYTES)
      .optional()
      .describe('At most this many bytes of log (default 65536, maximum 1048576).'),
  },
  outputSchema: {
    namespace: z.string().describe('Namespace of the pod.'),
    pod: z.string().describe('Pod name.'),
    container: z.string().describe('Container whose log this is.'),
    lines: z.number().int().describe('Lines returned.'),
    bytes: z.number().int().describe('Bytes returned.'),
    truncated: z.boolean().describe('True when limitBytes cut the log.'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: (args, { config }) => inNamespace(args.namespace, config),
  handler: async (args, ctx) => {
    const namespace = requireNamespace(ctx.scope);
    const { object: pod } = await getPodOrSuggest(ctx, namespace, args.pod);
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const initNames = (pod.spec?.initContainers ?? []).map((c) => c.name);
    let container = args.container;
    if (container === undefined) {
      if (names.length > 1) {
        throw new AppError(
          'INPUT.INVALID',
          `container: pod '${args.pod}' has ${names.length} containers, name one`,
          {
            hint: `containers: ${names.join(', ')}${initNames.length ? `; init containers: ${initNames.join(', ')}` : ''}`,
          },
        );
      }
      container = names[0];
    } else if (!names.includes(container) && !initNames.includes(container)) {
      throw new AppError('INPUT.INVALID', `container: pod '${args.pod}' has no container '${container}'`, {
        hint: `containers: ${[...names, ...initNames].join(', ')}`,
      });
    }
    const limitBytes = args.limitBytes ?? DEFAULT_LIMIT_BYTES;
    const text = await ctx.kube.podLogs(namespace, args.pod, {
      container,
      tailLines: args.tailLines ?? DEFAULT_TAIL,
      sinceSeconds: args.sinceSeconds,
      previous: args.previous,
      limitBytes,
    });
    const bytes = Buffer.byteLength(text);
    const truncated = bytes >= limitBytes;
    const lines = text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
    const header = `Log of ${namespace}/${args.pod} container ${container}${args.previous ? ' (previous instance)' : ''}: ${lines} lines, ${bytes} bytes`;
    const note = truncated
      ? `\n[truncated at ${limitBytes} bytes: narrow with tailLines or sinceSeconds, or raise limitBytes]`
      : '';
    return {
      text: `${header}\n${text === '' ? '(empty log)' : text.replace(/\n$/, '')}${note}`,
      structured: { namespace, pod: args.pod, container: container ?? '', lines, bytes, truncated },
    };
  },
});
