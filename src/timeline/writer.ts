import type { KubeObject } from '../k8s/kube-object.js';
import type { FieldPath } from './change-diff.js';

/** One managedFields entry, as the API server sends it. */
interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly time?: string;
  readonly subresource?: string;
  readonly fieldsV1?: Record<string, unknown>;
}

function entriesOf(raw: KubeObject | undefined): readonly ManagedFieldsEntry[] {
  const mf = raw?.metadata.managedFields;
  return Array.isArray(mf) ? (mf as ManagedFieldsEntry[]) : [];
}

const nameOf = (e: ManagedFieldsEntry): string =>
  e.subresource ? `${e.manager} (${e.subresource})` : e.manager!;

/**
 * Who wrote the object last by time alone: the manager of the newest managedFields entry (on a tie
 * the later entry). Right only when no two managers wrote within one second: times have one-second
 * resolution and the API server sorts the entries of one second by manager name, not by when they
 * wrote. writerOf says who made a given change. Read from the untrimmed object: the store drops
 * managedFields.
 */
export function lastManager(raw: KubeObject | undefined): string | undefined {
  let best: ManagedFieldsEntry | undefined;
  for (const e of entriesOf(raw)) {
    if (!e.manager) continue;
    if (!best || (e.time ?? '') >= (best.time ?? '')) best = e;
  }
  return best ? nameOf(best) : undefined;
}

/**
 * Whether a managedFields entry's fieldsV1 owns the field at `path` (or part of it): each step of
 * the path is there, or an earlier step is a leaf `{}` (the whole value at once, e.g. an atomic
 * list such as taints or args).
 */
export function owns(fieldsV1: Record<string, unknown> | undefined, path: FieldPath): boolean {
  let node: unknown = fieldsV1;
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object' || node === null) return false;
    if (i > 0 && Object.keys(node).length === 0) return true;
    node = (node as Record<string, unknown>)[path[i]!];
  }
  return typeof node === 'object' && node !== null;
}

/**
 * Who made the write that changed the fields at `paths`: a write takes the fields it changes over
 * from every other manager (Update takes them, a forced Apply too), so the writer is the manager
 * whose entry owns them now. Among such entries the newest wins, then the one owning more of the
 * paths, then the later one. When no entry owns any (the write removed its fields, or only fields
 * nobody owns moved), the newest entry, as lastManager.
 *
 * Time alone named the wrong writer: a rollout written in the second kube-controller-manager last
 * wrote the Deployment's status was put down to kube-controller-manager, which sorts after
 * e2e-rollout within that second (change-journal.service.spec.ts keeps the recorded objects).
 */
export function writerOf(
  raw: KubeObject | undefined,
  paths: readonly (FieldPath | undefined)[],
): string | undefined {
  let best: ManagedFieldsEntry | undefined;
  let bestOwned = 0;
  for (const e of entriesOf(raw)) {
    if (!e.manager) continue;
    let owned = 0;
    for (const p of paths) if (p && owns(e.fieldsV1, p)) owned++;
    if (owned === 0) continue;
    const t = e.time ?? '';
    const bt = best?.time ?? '';
    if (!best || t > bt || (t === bt && owned >= bestOwned)) {
      best = e;
      bestOwned = owned;
    }
  }
  return best ? nameOf(best) : lastManager(raw);
}

/** The data fields of a ConfigMap or Secret in fieldsV1. */
const DATA_FIELDS = ['f:data', 'f:binaryData'] as const;

/**
 * Which manager owns each data key of a ConfigMap or Secret, from managedFields alone (the cache
 * watches them as metadata only: the keys' names are there, their values never are), as one string
 * "key\tmanager\n…" sorted by key (one small string per object to keep). Undefined without managedFields.
 */
export function dataKeyOwners(raw: KubeObject | undefined): string | undefined {
  const entries = entriesOf(raw);
  if (entries.length === 0) return undefined;
  const owners: string[] = [];
  for (const e of entries) {
    for (const field of DATA_FIELDS) {
      const keys = e.fieldsV1?.[field];
      if (!keys || typeof keys !== 'object') continue;
      for (const k of Object.keys(keys))
        if (k.startsWith('f:')) owners.push(`${k.slice(2)}\t${e.manager ?? ''}`);
    }
  }
  return owners.sort().join('\n');
}

/** The parsed form of dataKeyOwners: key → managers. */
export function parseKeyOwners(s: string | undefined): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  if (!s) return m;
  for (const line of s.split('\n')) {
    const tab = line.indexOf('\t');
    const key = line.slice(0, tab);
    let set = m.get(key);
    if (!set) m.set(key, (set = new Set()));
    set.add(line.slice(tab + 1));
  }
  return m;
}
