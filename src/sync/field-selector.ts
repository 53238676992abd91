import type { KubeObject } from '../k8s/kube-object.js';
import type { ResourceRef } from '../k8s/resource-ref.js';

/** One field requirement: field = value or field != value. */
export interface FieldRequirement {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** A field selector the cache can evaluate for one kind. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** The value a field must equal, when some requirement pins it (for index lookups). */
  equal(field: string): string | undefined;
}

type FieldReader = (obj: KubeObject) => string;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const at = (obj: KubeObject, section: string, field: string): string =>
  str((obj[section] as Record<string, unknown> | undefined)?.[field]);

const COMMON: Readonly<Record<string, FieldReader>> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

/** Fields the API server supports as selectors and the cache can read, per core kind. */
const BY_KIND: Readonly<Record<string, Readonly<Record<string, FieldReader>>>> = {
  Pod: {
    'status.phase': (o) => at(o, 'status', 'phase'),
    'spec.nodeName': (o) => at(o, 'spec', 'nodeName'),
  },
  Event: {
    'involvedObject.kind': (o) => at(o, 'involvedObject', 'kind'),
    'involvedObject.name': (o) => at(o, 'involvedObject', 'name'),
    'involvedObject.namespace': (o) => at(o, 'involvedObject', 'namespace'),
    'involvedObject.uid': (o) => at(o, 'involvedObject', 'uid'),
    'involvedObject.apiVersion': (o) => at(o, 'involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': (o) => at(o, 'involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': (o) => at(o, 'involvedObject', 'fieldPath'),
    type: (o) => str(o.type),
    reason: (o) => str(o.reason),
  },
};

function readerFor(ref: ResourceRef, field: string): FieldReader | undefined {
  const common = COMMON[field];
  if (common) return common;
  return ref.group === '' ? BY_KIND[ref.kind]?.[field] : undefined;
}

/**
 * Parses a field selector for the cache, or returns undefined when the cache cannot evaluate it
 * (a field it does not know, escaped characters, bad syntax): such reads go to the API server,
 * which either answers or refuses them exactly as before.
 */
export function parseFieldSelector(ref: ResourceRef, selector: string): FieldSelector | undefined {
  const requirements: FieldRequirement[] = [];
  if (selector.trim() !== '') {
    if (selector.includes('\\')) return undefined;
    for (const part of selector.split(',')) {
      const m = part.trim().match(/^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/);
      if (!m) return undefined;
      const field = m[1]!;
      if (!readerFor(ref, field)) return undefined;
      requirements.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() });
    }
  }
  return {
    requirements,
    equal: (field) => requirements.find((r) => r.field === field && r.op === '=')?.value,
  };
}

/** True when the object satisfies every requirement (parse with the same kind first). */
export function matchesFields(ref: ResourceRef, selector: FieldSelector, obj: KubeObject): boolean {
  for (const r of selector.requirements) {
    const value = readerFor(ref, r.field)!(obj);
    if ((value === r.value) !== (r.op === '=')) return false;
  }
  return true;
}
