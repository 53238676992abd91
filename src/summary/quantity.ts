// Kubernetes resource quantities ("250m", "1.5", "128Mi", "2G") as numbers.

const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity in base units (cores, bytes, pods); 0 when it cannot be parsed. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  // Clusters use a handful of distinct request strings ("100m", "128Mi"): parse each once.
  let v = parsed.get(q);
  if (v === undefined) {
    v = parse(q);
    if (parsed.size < MAX_MEMO) parsed.set(q, v);
  }
  return v;
}

/** Bounded so that a cluster with unusual quantities cannot grow the memo without limit. */
const MAX_MEMO = 10_000;
const parsed = new Map<string, number>();

function parse(q: string): number {
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const suffix = m[2]!;
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return Number.isFinite(n) && factor !== undefined ? n * factor : 0;
}
