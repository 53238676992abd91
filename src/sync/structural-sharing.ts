/**
 * Makes `next` reuse every part of `exemplar` that is equal to its own: equal subtrees and equal
 * strings become the exemplar's instances, so the copy of them `next` came with can be collected.
 *
 * Why: pods of one ReplicaSet differ in a few fields (name, uid, node, IP, times) and are equal in
 * the rest (the whole template-derived spec, labels, owner reference, most conditions), and a new
 * version of an object usually differs from the previous one in its status only. Sharing those
 * parts more than halves what a cached pod costs (docs/benchmarks.md).
 *
 * One bottom-up pass: a node is replaced by the exemplar's when all its children were. `next` is
 * changed in place and returned (or the exemplar itself when they are equal); objects that share
 * parts must be treated as read-only, which the store's objects already are.
 */
export function shareStructure<T>(next: T, exemplar: unknown): T {
  return share(next, exemplar, new Map()) as T;
}

/**
 * Strings this long or longer are also shared within the object: timestamps repeat across its
 * conditions, container states and start time, an IP in podIP and podIPs, and each copy costs
 * 30–40 bytes (7 % of a cached pod). Shorter ones are mostly internalised by JSON.parse already.
 */
const SHARED_STRING_MIN = 8;

function share(a: unknown, b: unknown, strings: Map<string, string>): unknown {
  if (a === b) return b;
  if (typeof a === 'string') {
    if (a.length < SHARED_STRING_MIN) return a;
    const seen = strings.get(a);
    if (seen !== undefined) return seen;
    strings.set(a, a);
    return a;
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a;
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return a;
    let same = a.length === b.length;
    for (let i = 0; i < a.length; i++) {
      if (i < b.length) a[i] = share(a[i], b[i], strings);
      if (a[i] !== b[i]) same = false;
    }
    return same ? b : a;
  }
  if (Array.isArray(b)) return a;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let same = true;
  let keys = 0;
  for (const k in ra) {
    keys++;
    if (!Object.hasOwn(rb, k)) {
      same = false;
      continue;
    }
    ra[k] = share(ra[k], rb[k], strings);
    if (ra[k] !== rb[k]) same = false;
  }
  if (!same) return a;
  // Every key of a is in b with the same value: equal when b has no other key.
  for (const k in rb) if (Object.hasOwn(rb, k) && --keys < 0) return a;
  return b;
}
