import type { KubeObject } from '../../k8s/kube-object.js';
import { rec, recs, str, type ObjectLookup } from './edge-rule.js';

/** A metav1.LabelSelector (matchLabels and matchExpressions). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

/** Reads a LabelSelector field; undefined when absent (absent and empty mean different things). */
export function readSelector(value: unknown): LabelSelector | undefined {
  const s = rec(value);
  if (!s) return undefined;
  const matchLabels = rec(s.matchLabels) as Record<string, string> | undefined;
  const matchExpressions = recs(s.matchExpressions).flatMap((e) => {
    const key = str(e.key);
    const operator = str(e.operator);
    if (!key || !operator) return [];
    const values = Array.isArray(e.values) ? e.values.filter((v): v is string => typeof v === 'string') : [];
    return [{ key, operator, values }];
  });
  return { matchLabels, matchExpressions };
}

/** True when `labels` satisfy the selector (an empty selector matches everything, as in Kubernetes). */
export function matchesSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An operator this server does not know selects nothing rather than everything.
        return false;
    }
  }
  return true;
}

/**
 * Objects of `kind` in `namespace` the selector matches. With a matchLabels pair it starts from the
 * store's label index (a few objects) instead of the whole namespace.
 */
export function selectIn(
  lookup: ObjectLookup,
  kind: string,
  namespace: string,
  selector: LabelSelector,
): readonly KubeObject[] {
  const first = Object.entries(selector.matchLabels ?? {})[0];
  const candidates = first
    ? lookup.withLabel(kind, first[0], first[1]).filter((o) => o.metadata.namespace === namespace)
    : lookup.list(kind, namespace);
  return candidates.filter((o) => matchesSelector(selector, o.metadata.labels));
}
