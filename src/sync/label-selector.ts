import { AppError } from '../common/errors/app-error.js';

/** One requirement of a label selector, as apimachinery's labels.Requirement. */
export type LabelRequirement =
  | { readonly key: string; readonly op: 'in'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' }
  | { readonly key: string; readonly op: '!exists' };

/** A parsed label selector: every requirement must hold (an empty selector matches everything). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** Key=value pairs every match carries (from "=", "==" and single-value "in"): usable with the label index. */
  readonly equalities: readonly string[];
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
 * Parses kubectl's label selector syntax (=, ==, !=, in, notin, exists, !key). A selector the API
 * server would refuse is refused here too, as INPUT.INVALID naming it.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const requirements: LabelRequirement[] = [];
  const equalities: string[] = [];
  if (selector.trim() === '') return { requirements, equalities };
  for (const part of splitRequirements(selector)) {
    if (part === '') throw invalid(selector, 'empty requirement');
    let m: RegExpMatchArray | null;
    if (part.startsWith('!')) {
      requirements.push({ key: checkKey(part.slice(1).trim(), selector), op: '!exists' });
    } else if ((m = part.match(SET))) {
      const key = checkKey(m[1]!, selector);
      const values = m[3]!.split(',').map((v) => checkValue(v.trim(), selector));
      const op = m[2] as 'in' | 'notin';
      requirements.push({ key, op, values });
      if (op === 'in' && values.length === 1) equalities.push(`${key}=${values[0]}`);
    } else if ((m = part.match(EQUALITY))) {
      const key = checkKey(m[1]!, selector);
      const value = checkValue(m[3]!.trim(), selector);
      if (m[2] === '!=') requirements.push({ key, op: 'notin', values: [value] });
      else {
        requirements.push({ key, op: 'in', values: [value] });
        equalities.push(`${key}=${value}`);
      }
    } else if (/^\S+$/.test(part)) {
      requirements.push({ key: checkKey(part, selector), op: 'exists' });
    } else {
      throw invalid(selector, `cannot parse requirement '${part}'`);
    }
  }
  return { requirements, equalities };
}

/** True when the labels satisfy every requirement (a missing key satisfies != and notin, as in Kubernetes). */
export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  for (const r of selector.requirements) {
    const has = labels !== undefined && Object.hasOwn(labels, r.key);
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!exists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
    }
  }
  return true;
}
