import { AppError } from '../../common/errors/app-error.js';
import type { LabelSelector } from './plain.js';

// One LabelSelector (metav1.LabelSelector: matchLabels and matchExpressions) and its matching, for
// the selectors objects carry (Services, workloads, PDBs, NetworkPolicies) and the kubectl-syntax
// selectors callers pass (`app=web,tier in (a,b)`), which parse into the same type.

export type { LabelSelector };

/** One matchExpressions entry. */
type Expression = NonNullable<LabelSelector['matchExpressions']>[number];

/**
 * True when `labels` satisfy the selector. An empty selector matches everything, as in Kubernetes;
 * a missing key satisfies NotIn and DoesNotExist; an operator this server does not know selects
 * nothing rather than everything.
 */
export function matchesSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const l = labels ?? {};
  if (selector.matchLabels)
    for (const k in selector.matchLabels)
      if (!Object.hasOwn(l, k) || l[k] !== selector.matchLabels[k]) return false;
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
        return false;
    }
  }
  return true;
}

/** True for a selector with no requirement (it matches everything). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions?.length ?? 0) === 0
  );
}

/**
 * True when the labels satisfy a non-empty selector. An absent or empty selector selects nothing
 * here: a Service or PDB without a selector targets no pods.
 */
export function selectsSome(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return selector !== undefined && !isEmptySelector(selector) && matchesSelector(selector, labels);
}

/** A Service's plain selector map as a LabelSelector (absent when the Service has none). */
export function fromMap(selector: Readonly<Record<string, string>> | undefined): LabelSelector | undefined {
  return selector ? { matchLabels: selector } : undefined;
}

/** key=value pairs every match carries (matchLabels and single-value In): usable with a label index. */
export function equalitiesOf(selector: LabelSelector): string[] {
  const out = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? [])
    if (e.operator === 'In' && e.values?.length === 1) out.push(`${e.key}=${e.values[0]}`);
  return out;
}

// apimachinery's qualified name: an optional DNS-subdomain prefix and a name of at most 63 characters.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function invalid(selector: string, why: string): AppError {
  return new AppError('INPUT.INVALID', `labelSelector: unable to parse '${selector}': ${why}`, {
    hint: 'kubectl syntax: key=value, key==value, key!=value, key in (a,b), key notin (a,b), key, !key; comma-separated',
    details: { labelSelector: selector },
  });
}

function checkKey(key: string, selector: string): string {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix)))
    throw invalid(selector, `invalid label key prefix '${prefix}'`);
  if (name.length === 0 || name.length > 63 || !NAME.test(name))
    throw invalid(selector, `invalid label key '${key}'`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (value.length > 63 || (value !== '' && !NAME.test(value)))
    throw invalid(selector, `invalid label value '${value}'`);
  return value;
}

/** Splits at commas outside parentheses ("a in (x,y),b" → two requirements). */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) throw invalid(selector, 'unbalanced parentheses');
  }
  if (depth !== 0) throw invalid(selector, 'unbalanced parentheses');
  parts.push(selector.slice(start));
  return parts.map((p) => p.trim());
}

const SET = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/;
const EQUALITY = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/;

/**
 * Parses kubectl's label selector syntax (=, ==, !=, in, notin, exists, !key) into a LabelSelector.
 * A selector the API server would refuse is refused here too, as INPUT.INVALID naming it.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Expression[] = [];
  const equal = (key: string, value: string) => {
    // A second a=… for the same key cannot sit in matchLabels: it becomes In [value].
    if (Object.hasOwn(matchLabels, key)) matchExpressions.push({ key, operator: 'In', values: [value] });
    else matchLabels[key] = value;
  };
  if (selector.trim() === '') return {};
  for (const part of splitRequirements(selector)) {
    if (part === '') throw invalid(selector, 'empty requirement');
    let m: RegExpMatchArray | null;
    if (part.startsWith('!')) {
      matchExpressions.push({ key: checkKey(part.slice(1).trim(), selector), operator: 'DoesNotExist' });
    } else if ((m = part.match(SET))) {
      const key = checkKey(m[1]!, selector);
      const values = m[3]!.split(',').map((v) => checkValue(v.trim(), selector));
      if (m[2] === 'in' && values.length === 1) equal(key, values[0]!);
      else matchExpressions.push({ key, operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = part.match(EQUALITY))) {
      const key = checkKey(m[1]!, selector);
      const value = checkValue(m[3]!.trim(), selector);
      if (m[2] === '!=') matchExpressions.push({ key, operator: 'NotIn', values: [value] });
      else equal(key, value);
    } else if (/^\S+$/.test(part)) {
      matchExpressions.push({ key: checkKey(part, selector), operator: 'Exists' });
    } else {
      throw invalid(selector, `cannot parse requirement '${part}'`);
    }
  }
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}
