import { stringify as toYaml } from 'yaml';
import type { KubeObject } from '../../../k8s/kube-object.js';
import type { ResourceRef } from '../../../k8s/resource-ref.js';
import type { ToolContext, ToolOutput } from '../tool-definition.js';
import { formatAge } from './age.js';
import { describeFreshness, freshnessFields } from './freshness.js';
import type { OutputFormat } from './list-args.js';
import { assertNamespaceExists } from './not-found.js';
import { foldRecords, renderFoldedTable } from './fold.js';
import { trimObject } from '../../../k8s/trim-object.js';

/** The list arguments after zod. */
export interface ListArgs {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly output?: OutputFormat;
  readonly fresh?: boolean;
}

/** Table columns of one kind: header → cell. NAMESPACE is added for "all". */
export type Columns<T extends KubeObject> = ReadonlyArray<
  readonly [header: string, cell: (obj: T, now: number) => string]
>;

export const nameColumn = <T extends KubeObject>(): Columns<T>[number] => ['NAME', (o) => o.metadata.name];
export const ageColumn = <T extends KubeObject>(): Columns<T>[number] => [
  'AGE',
  (o, now) => formatAge(o.metadata.creationTimestamp, now),
];

const isFoldable = (header: string): boolean => header !== 'NAME' && header !== 'NAMESPACE';

/** The namespace a list call means, from the scope the invoker resolved: one, or "all". */
export function targetNamespace(ctx: ToolContext): { namespace?: string; all: boolean } {
  return ctx.scope.kind === 'namespaced'
    ? { namespace: ctx.scope.namespace, all: false }
    : { all: ctx.scope.kind === 'cluster-wide' };
}

/** Optional behaviour of runList beyond the kind's columns. */
export interface RunListOptions<T extends KubeObject> {
  /**
   * Applied to every trimmed object before json/yaml output and structured items, e.g. to redact
   * Secret values. Table and name output never show object contents, so it does not apply there.
   */
  readonly mapItem?: (obj: T) => T;
}

/**
 * Lists one page of a kind and renders it in the asked format, announcing what is beyond it.
 * `columns` may be a function of the page's items, for kinds whose useful columns are not known
 * in advance.
 */
export async function runList<T extends KubeObject>(
  ctx: ToolContext,
  ref: ResourceRef,
  args: ListArgs,
  columns: Columns<T> | ((items: readonly T[]) => Columns<T>),
  options: RunListOptions<T> = {},
): Promise<ToolOutput> {
  const max = ctx.config.K8S_MAX_RESOURCES;
  // Larger pages are capped, not refused: the model still gets an answer, and is told.
  const capped = args.limit !== undefined && args.limit > max;
  const limit = capped ? max : (args.limit ?? max);
  const target = ref.namespaced ? targetNamespace(ctx) : { all: false };
  const output = args.output ?? 'table';
  const page = await ctx.reads.list<T>(
    ref,
    {
      namespace: target.namespace,
      allNamespaces: target.all,
      labelSelector: args.labelSelector,
      fieldSelector: args.fieldSelector,
      limit,
      continue: args.continue,
    },
    // Names are metadata: the cache answers them even for kinds it holds only the metadata of.
    { fresh: args.fresh, metadataSuffices: output === 'name' },
  );
  // An empty page of a namespace that does not exist is an error, not "No pods found".
  if (page.items.length === 0 && target.namespace && !args.continue)
    await assertNamespaceExists(ctx.reads, target.namespace);
  const now = Date.now();
  const showNamespace = ref.namespaced && target.all;
  const kindColumns = typeof columns === 'function' ? columns(page.items) : columns;
  const cols: Columns<T> = showNamespace
    ? [['NAMESPACE', (o) => o.metadata.namespace ?? ''], ...kindColumns]
    : kindColumns;
  const rows = page.items.map((o) => cols.map(([, cell]) => cell(o, now)));
  const mapItem = options.mapItem ?? ((o: T) => o);
  // Only json and yaml show objects: the other formats skip the copies (1,000 pods cost ~1 ms).
  const trimmed = output === 'json' || output === 'yaml' ? page.items.map((o) => mapItem(trimObject(o))) : [];
  const where = ref.namespaced
    ? target.all
      ? ' in all visible namespaces'
      : ` in namespace '${target.namespace}'`
    : '';

  let body: string;
  if (page.items.length === 0) body = `No ${ref.plural} found${where}.`;
  else if (output === 'json') body = JSON.stringify(trimmed, null, 2);
  else if (output === 'yaml') body = toYaml(trimmed);
  else if (output === 'name')
    body = page.items.map((o) => `${ref.kind.toLowerCase()}/${o.metadata.name}`).join('\n');
  // Long tables state the columns most rows agree on once (fold.ts); names and namespaces are
  // identities, never folded.
  else
    body = renderFoldedTable(
      cols.map(([h]) => h),
      rows,
      { foldable: isFoldable },
    ).text;

  const notes: string[] = [];
  if (capped) notes.push(`(limit capped at ${max} by the server setting K8S_MAX_RESOURCES)`);
  if (page.continue) {
    const more =
      page.remaining !== undefined
        ? `… and ${page.remaining} more ${ref.plural}`
        : `… more ${ref.plural} exist`;
    notes.push(`${more}: call again with continue="${page.continue}" to see the next page.`);
  } else if (page.items.length > 0) {
    notes.push(`${page.items.length} ${ref.plural}${where}.`);
  }
  if (page.omitted.namespaces.length > 0) {
    notes.push(
      `Objects of ${page.omitted.namespaces.length} namespace(s) hidden by the server policy were left out.`,
    );
  }
  notes.push(describeFreshness(page.freshness));
  // Keys once per column, not once per cell: on a 1,000-pod page the per-cell regex cost ~3 ms.
  const keys = cols.map(([h]) => h.toLowerCase().replace(/[^a-z0-9]+/g, '_'));
  // Row objects fold as the table does: the shared values once in `folded`, not in every item.
  const structured: { folded?: Record<string, unknown>; items: unknown[] } =
    output === 'json' || output === 'yaml'
      ? { items: trimmed as unknown[] }
      : foldRecords(
          rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i]]))),
          (k) => k !== 'name' && k !== 'namespace',
        );
  return {
    text: [body, ...notes].join('\n'),
    structured: {
      kind: ref.kind,
      ...(ref.namespaced ? { namespace: target.all ? 'all' : target.namespace } : {}),
      count: page.items.length,
      ...(page.remaining !== undefined ? { remaining: page.remaining } : {}),
      ...(page.continue ? { continue: page.continue } : {}),
      ...(page.omitted.namespaces.length ? { omittedNamespaceCount: page.omitted.namespaces.length } : {}),
      ...(structured.folded ? { folded: structured.folded } : {}),
      items: structured.items,
      ...freshnessFields(page.freshness),
    },
  };
}
