import type { KubeObject } from '../k8s/kube-object.js';

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

/**
 * Who wrote the object last: the manager of the newest managedFields entry (times have one-second
 * resolution; on a tie the later entry wins, as the API server appends the entry it touched last
 * when it adds one). Read from the untrimmed object: the store drops managedFields.
 */
export function lastManager(raw: KubeObject | undefined): string | undefined {
  let best: ManagedFieldsEntry | undefined;
  for (const e of entriesOf(raw)) {
    if (!e.manager) continue;
    if (!best || (e.time ?? '') >= (best.time ?? '')) best = e;
  }
  if (!best?.manager) return undefined;
  return best.subresource ? `${best.manager} (${best.subresource})` : best.manager;
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
