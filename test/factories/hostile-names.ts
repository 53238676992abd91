// The hostile corpus of the namespace-leak suite (test/security/namespace-leaks.e2e-spec.ts) and of
// bench/leak-corpus.mjs, which runs the same suite on the full product instead of a sample.
//
// Every string argument of every tool, every prompt argument and the resource template's
// {namespace} get each hostile string, with the other arguments valid, for every output format and
// both `fresh` values. The corpus is built from a set of target names (the hidden namespace and its
// objects); built again from a "twin" set (a namespace that does not exist, objects of the same
// name lengths), call i of one corpus is call i of the other with the names swapped, so the
// answers can be compared: a hidden namespace must answer exactly as a missing one.
import type { Prompt, Tool } from '@modelcontextprotocol/sdk/types.js';
import { prng } from './cluster-generator.js';

/** The names one corpus is built around. */
export interface TargetNames {
  /** The namespace (hidden, or for the twin corpus one that does not exist). */
  readonly namespace: string;
  /** Object names in it (Deployment, ConfigMap, Service, Secret). */
  readonly objects: readonly string[];
}

/** The valid values the calls start from: a visible namespace and its objects. */
export interface VisibleNames {
  readonly namespace: string;
  readonly deployment: string;
  readonly pod: string;
  readonly service: string;
  readonly configMap: string;
  readonly secret: string;
}

/** One generated request. */
export interface CorpusCall {
  readonly method: 'tools/call' | 'resources/read' | 'prompts/get';
  readonly params: Record<string, unknown>;
  /** What the request is about, for failure messages: "k8s-get-pods namespace=… output=json". */
  readonly label: string;
  /** The hostile string in the call (a refusal may echo it, also when it was sent inside a URI). */
  readonly hostile?: string;
  /** A call with no hostile string in it (valid arguments, or namespace "all"): never sampled away. */
  readonly base?: true;
}

/** Arguments whose value is a namespace name. */
const NAMESPACE_SLOTS = new Set(['namespace', 'target_namespace', 'relatedTo.namespace']);
/** Arguments whose value is a kind. */
const KIND_ARGS = new Set(['kind', 'resource_type', 'target_type']);
/** Kinds every kind-taking tool is called with (the canary namespace holds each, or its pods do). */
export const KINDS = [
  'Secret',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'ConfigMap',
  'Event',
  'EndpointSlice',
  'ServiceAccount',
  'Namespace',
  'RoleBinding',
] as const;

/** Full-width letters: a look-alike of an ASCII name. */
const fullWidth = (s: string): string =>
  [...s].map((c) => (/[a-z0-9]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');
/** The first character percent-encoded ("%63anary-…"). */
const percentFirst = (s: string): string => `%${s.charCodeAt(0).toString(16).padStart(2, '0')}${s.slice(1)}`;

/**
 * Hostile strings around one target: path tricks, encodings, case, whitespace, look-alikes, long
 * and empty strings, selectors and service-account names that point into the target, and the
 * target's own names. The same length and order for any target of the same shape (twins).
 */
export function hostileStrings(target: TargetNames, visible: VisibleNames): string[] {
  const t = target.namespace;
  const v = visible.namespace;
  const fixed = [
    '..',
    '.',
    '%2e%2e',
    '%2E%2E',
    '..%2f',
    '%2f',
    'a/../b',
    '../..',
    '/',
    '',
    ' ',
    '\t',
    'all',
    'ALL',
    '*',
    'kube‐system', // U+2010 hyphen
    'ｄｅｆａｕｌｔ',
    'default\u200B',
    '\u202Edefault',
    'a'.repeat(64),
    'a'.repeat(300),
    `${v}/..`,
    `${v}/../..`,
  ];
  const aroundTarget = [
    t,
    `${t}/`,
    `${t}/..`,
    `../${t}`,
    `..%2f${t}`,
    `${v}/../${t}`,
    `${v}%2f..%2f${t}`,
    t.toUpperCase(),
    ` ${t}`,
    `${t} `,
    `${t}\n`,
    `${t}.`,
    `${t}-`,
    percentFirst(t),
    encodeURIComponent(`../${t}`),
    fullWidth(t),
    `${t.slice(0, 3)}\u200B${t.slice(3)}`,
    t.replace(/a/g, 'а'), // Cyrillic a
    (t + 'x'.repeat(64)).slice(0, 70),
    // Long, with the name as a whole word at the start: a refusal that echoes only the first
    // characters must not mask them differently from a missing name's.
    `${t} ${'z'.repeat(64)}`,
    `${t}.svc.cluster.local`,
    `system:serviceaccount:${t}:default`,
    `metadata.namespace=${t}`,
    `metadata.namespace!=${v}`,
    `kubernetes.io/metadata.name=${t}`,
    `${t}/${target.objects[0] ?? 'x'}`,
  ];
  const objects = target.objects.flatMap((o) => [
    o,
    o.toUpperCase(),
    `${t}/${o}`,
    `../${t}/${o}`,
    `metadata.name=${o}`,
    `app=${o}`,
  ]);
  return [...fixed, ...aroundTarget, ...objects];
}

interface PropertySchema {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly properties?: Record<string, PropertySchema>;
}

/** A valid value of one argument, aimed at the visible namespace. */
function validValue(key: string, schema: PropertySchema, visible: VisibleNames, kind: string): unknown {
  switch (key) {
    case 'namespace':
    case 'target_namespace':
      return visible.namespace;
    case 'kind':
    case 'resource_type':
    case 'target_type':
      return kind;
    case 'name':
    case 'resource_name':
    case 'target_name':
      return nameOf(kind, visible);
    case 'pod':
      return visible.pod;
    case 'replicas':
      return 1;
    case 'relatedTo':
      return { kind: 'Deployment', name: visible.deployment, namespace: visible.namespace };
  }
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

function nameOf(kind: string, visible: VisibleNames): string {
  switch (kind) {
    case 'Deployment':
      return visible.deployment;
    case 'Service':
    case 'EndpointSlice':
      return visible.service;
    case 'ConfigMap':
      return visible.configMap;
    case 'Secret':
      return visible.secret;
    case 'Namespace':
      return visible.namespace;
    case 'ServiceAccount':
      return 'default';
    default:
      return visible.pod;
  }
}

/** Slots of a tool's arguments that take strings: top-level string arguments and relatedTo.*. */
function stringSlots(props: Record<string, PropertySchema>): string[][] {
  const slots: string[][] = [];
  for (const [k, s] of Object.entries(props)) {
    if (s.type === 'string' && !s.enum) slots.push([k]);
    if (s.type === 'object' && s.properties)
      for (const [n, ns] of Object.entries(s.properties)) if (ns.type === 'string') slots.push([k, n]);
  }
  return slots;
}

function withSlot(args: Record<string, unknown>, slot: string[], value: string): Record<string, unknown> {
  if (slot.length === 1) return { ...args, [slot[0]!]: value };
  const inner = (args[slot[0]!] ?? {}) as Record<string, unknown>;
  return { ...args, [slot[0]!]: { ...inner, [slot[1]!]: value } };
}

function describeArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
}

/** Every tool call: base calls (each kind, the visible namespace and "all"), then slot × string. */
function toolCalls(tool: Tool, strings: readonly string[], visible: VisibleNames): CorpusCall[] {
  const props = (tool.inputSchema.properties ?? {}) as Record<string, PropertySchema>;
  const keys = Object.keys(props);
  const hasKind = keys.some((k) => KIND_ARGS.has(k));
  const kinds: readonly string[] = hasKind ? KINDS : ['Deployment'];
  const formats: readonly (string | undefined)[] = props.output?.enum ?? [undefined];
  const freshValues: readonly (boolean | undefined)[] = props.fresh ? [false, true] : [undefined];
  const slots = stringSlots(props);
  const out: CorpusCall[] = [];
  const push = (args: Record<string, unknown>, isBase = false, hostile?: string) =>
    out.push({
      method: 'tools/call',
      params: { name: tool.name, arguments: args },
      label: `${tool.name} ${describeArgs(args)}`,
      ...(isBase ? { base: true as const } : { hostile }),
    });
  for (const kind of kinds)
    for (const output of formats)
      for (const fresh of freshValues) {
        const base: Record<string, unknown> = {};
        for (const k of keys) {
          const v = validValue(k, props[k]!, visible, kind);
          if (v !== undefined) base[k] = v;
        }
        if (output !== undefined) base.output = output;
        if (fresh !== undefined) base.fresh = fresh;
        push(base, true);
        if ('namespace' in props) push({ ...base, namespace: 'all' }, true);
        // Every kind meets every hostile namespace ("Secret in .." is not "Pod in .."); the other
        // slots get the strings with one kind (the first, so the product stays tens of thousands).
        for (const slot of slots)
          if (kind === kinds[0] || NAMESPACE_SLOTS.has(slot.join('.')))
            for (const s of strings) push(withSlot(base, slot, s), false, s);
      }
  return out;
}

/** Resource reads: every listed resource, then the templates with each string, encoded and raw. */
function resourceCalls(
  uris: readonly string[],
  templates: readonly string[],
  strings: readonly string[],
): CorpusCall[] {
  const out: CorpusCall[] = uris.map((uri) => ({
    method: 'resources/read',
    params: { uri },
    label: uri,
    base: true,
  }));
  for (const template of templates)
    for (const s of strings)
      for (const value of [encodeURIComponent(s), s]) {
        const uri = template.replace(/\{[^}]+\}/g, value);
        out.push({ method: 'resources/read', params: { uri }, label: uri, hostile: s });
      }
  return out;
}

/** Prompts: each prompt valid, then each argument × each string. */
function promptCalls(
  prompts: readonly Prompt[],
  strings: readonly string[],
  visible: VisibleNames,
): CorpusCall[] {
  const out: CorpusCall[] = [];
  for (const prompt of prompts) {
    const declared = prompt.arguments ?? [];
    const base: Record<string, string> = {};
    for (const a of declared)
      base[a.name] =
        a.name === 'namespace' ? visible.namespace : a.name === 'kind' ? 'Deployment' : visible.deployment;
    const push = (args: Record<string, string>, isBase = false, hostile?: string) =>
      out.push({
        method: 'prompts/get',
        params: { name: prompt.name, arguments: args },
        label: `${prompt.name} ${describeArgs(args)}`,
        ...(isBase ? { base: true as const } : { hostile }),
      });
    push(base, true);
    for (const a of declared) for (const s of strings) push({ ...base, [a.name]: s }, false, s);
  }
  return out;
}

/** What the server publishes (tools/list, resources/list, resources/templates/list, prompts/list). */
export interface Published {
  readonly tools: readonly Tool[];
  readonly resources: readonly string[];
  readonly templates: readonly string[];
  readonly prompts: readonly Prompt[];
}

/** The full product: every tool, format, `fresh`, slot and string; every resource and prompt. */
export function leakCorpus(published: Published, target: TargetNames, visible: VisibleNames): CorpusCall[] {
  const strings = hostileStrings(target, visible);
  return [
    ...published.tools.flatMap((t) => toolCalls(t, strings, visible)),
    ...resourceCalls(published.resources, published.templates, strings),
    ...promptCalls(published.prompts, strings, visible),
  ];
}

/**
 * A deterministic sample of `count` indices of a corpus of `size` calls (all of them when count
 * ≥ size), in ascending order. `always` indices (e.g. the calls that send the target's own name)
 * are kept on top of the sample.
 */
export function sampleIndices(
  size: number,
  count: number,
  seed: number,
  always: Iterable<number> = [],
): number[] {
  if (count >= size) return [...Array(size).keys()];
  const random = prng(seed);
  const picked = new Set<number>(always);
  const order = [...Array(size).keys()];
  // Fisher-Yates, stopped after `count` draws.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (size - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    picked.add(order[i]!);
  }
  return [...picked].sort((a, b) => a - b);
}
