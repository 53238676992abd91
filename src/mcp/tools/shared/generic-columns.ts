import type { KubeObject } from '../../../k8s/kube-object.js';
import { ageColumn, type Columns, nameColumn } from './list-runner.js';

/** Most condition types a STATUS cell lists when there is no Ready condition (keeps rows short). */
const MAX_CONDITION_TYPES = 3;

type Fields = Readonly<Record<string, unknown>>;

const fields = (value: unknown): Fields | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The top-level `type` of Secrets and Events ("Opaque", "Warning"), else ''. */
export function typeCell(o: KubeObject): string {
  return typeof o.type === 'string' ? o.type : '';
}

/** How many keys `data` (and `binaryData`) hold, as kubectl's DATA column; never the values. */
export function dataCell(o: KubeObject): string {
  const data = fields(o.data);
  const binary = fields(o.binaryData);
  if (!data && !binary) return '';
  return String(Object.keys(data ?? {}).length + Object.keys(binary ?? {}).length);
}

/** ready/desired for pods (containers), daemon sets (nodes) and anything with replicas, else ''. */
export function readyCell(o: KubeObject): string {
  const spec = fields(o.spec);
  const status = fields(o.status);
  const statuses = status?.containerStatuses;
  if (Array.isArray(statuses)) {
    const ready = statuses.filter((c) => fields(c)?.ready === true).length;
    const containers = Array.isArray(spec?.containers) ? spec.containers.length : statuses.length;
    return `${ready}/${containers}`;
  }
  const desiredNodes = num(status?.desiredNumberScheduled);
  if (desiredNodes !== undefined) return `${num(status?.numberReady) ?? 0}/${desiredNodes}`;
  const desired = num(spec?.replicas) ?? num(status?.replicas);
  if (desired !== undefined || num(status?.readyReplicas) !== undefined)
    return `${num(status?.readyReplicas) ?? 0}/${desired ?? 0}`;
  return '';
}

/**
 * A one-word state when the object offers one: Terminating, else `status.phase`, else its Ready
 * condition (with the reason when not ready), else the types of its true conditions; '' otherwise.
 */
export function statusCell(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const status = fields(o.status);
  if (typeof status?.phase === 'string' && status.phase !== '') return status.phase;
  const conditions = (Array.isArray(status?.conditions) ? status.conditions : [])
    .map(fields)
    .filter((c): c is Fields => c !== undefined && typeof c.type === 'string');
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready) {
    if (ready.status === 'True') return 'Ready';
    const state = ready.status === 'False' ? 'NotReady' : 'Unknown';
    return typeof ready.reason === 'string' && ready.reason ? `${state} (${ready.reason})` : state;
  }
  return conditions
    .filter((c) => c.status === 'True')
    .slice(0, MAX_CONDITION_TYPES)
    .map((c) => String(c.type))
    .join(',');
}

/**
 * Table columns for a kind known only at run time: NAME, then TYPE, DATA, READY and STATUS where
 * some object on the page has a value for them, then AGE.
 */
export function genericColumns(items: readonly KubeObject[]): Columns<KubeObject> {
  const optional: Columns<KubeObject> = [
    ['TYPE', typeCell],
    ['DATA', dataCell],
    ['READY', readyCell],
    ['STATUS', statusCell],
  ];
  const now = Date.now();
  const shown = optional.filter(([, cell]) => items.some((o) => cell(o, now) !== ''));
  return [nameColumn(), ...shown, ageColumn()];
}
