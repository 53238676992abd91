import { HIDDEN_NAME, HIDDEN_NAMESPACE } from './masking-words.js';

/** What the answer edges need from the policy to mask what leaves. */
export interface NameMasker {
  maskText(text: string, keep?: ReadonlySet<string>): string;
  maskValue<T>(value: T, keep?: ReadonlySet<string>): T;
}

/**
 * A copy of a JSON-like value with `mask` applied to every string and every key, at any depth.
 * Unchanged branches are returned as they are (no copy), so a clean answer costs one walk.
 * Recursion, not a depth cap: a cap is exactly where a leak would hide.
 */
export function maskValue<T>(value: T, mask: (s: string) => string): T {
  return walk(value, mask) as T;
}

function walk(value: unknown, mask: (s: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = walk(value[i], mask);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    const mk = mask(k);
    const mv = walk(v, mask);
    if (mk !== k || mv !== v) changed = true;
    entries.push([mk, mv]);
  }
  return changed ? Object.fromEntries(entries) : value;
}

/**
 * A copy of an object with every reference into a hidden namespace masked: any nested
 * `{namespace, name}` pair whose namespace is hidden (PersistentVolume spec.claimRef,
 * (Cluster)RoleBinding subjects, webhook clientConfig.service, APIService spec.service, CRD
 * conversion webhooks, involvedObject, …) gets `<hidden namespace>` and `<hidden>`. The object's
 * own metadata.namespace is not touched: whether the object may be shown at all is decided by
 * its namespace before this. Unchanged objects are returned as they are.
 */
export function maskHiddenReferences<T>(obj: T, isAllowed: (namespace: string) => boolean): T {
  return refs(obj, isAllowed, true) as T;
}

function refs(value: unknown, isAllowed: (ns: string) => boolean, top: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = refs(value[i], isAllowed, false);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(record)) {
    // metadata.namespace of the object itself is the object's own: visibility, not masking.
    const next = top && k === 'metadata' ? v : refs(v, isAllowed, false);
    if (next !== v) (out ??= { ...record })[k] = next;
  }
  const ns = record.namespace;
  if (!top && typeof ns === 'string' && ns !== '' && ns !== HIDDEN_NAMESPACE && !isAllowed(ns)) {
    out ??= { ...record };
    out.namespace = HIDDEN_NAMESPACE;
    if (typeof record.name === 'string') out.name = HIDDEN_NAME;
  }
  return out ?? value;
}

/**
 * The strings a caller sent (argument values at any depth, e.g. relatedTo.namespace), also trimmed
 * (a refusal may quote the value it parsed): an answer may echo them unmasked.
 */
export function sentStrings(args: unknown, out = new Set<string>()): Set<string> {
  if (typeof args === 'string') {
    if (args !== '') out.add(args);
    const trimmed = args.trim();
    if (trimmed !== '') out.add(trimmed);
  } else if (typeof args === 'object' && args !== null)
    for (const v of Object.values(args)) sentStrings(v, out);
  return out;
}
