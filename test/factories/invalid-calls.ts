// Generators of invalid MCP calls for the bad-input suite (test/mcp/bad-input.e2e-spec.ts), driven
// by what the server publishes: tools/list input schemas, resource templates and prompt arguments.
// Each generated call has exactly one thing wrong and says which argument a correct refusal names.
import fc from 'fast-check';
import type { Prompt, Tool } from '@modelcontextprotocol/sdk/types.js';

/** One generated request and what a correct refusal must name. */
export interface InvalidCall {
  readonly method: 'tools/call' | 'resources/read' | 'prompts/get';
  readonly params: Record<string, unknown>;
  /** The argument (or param) the refusal must name. */
  readonly names: string;
  /** What kind of mistake it is (for the figures). */
  readonly category:
    'wrong type' | 'out of range' | 'bad string' | 'extra key' | 'missing key' | 'non-object arguments';
}

interface PropertySchema {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly items?: PropertySchema;
}

/** Arguments whose value is a namespace name (a DNS label; "namespace" also takes "all"). */
const NAMESPACE_ARGS = new Set(['namespace', 'target_namespace']);
/** Arguments whose value is an object name (a path segment: not ".", "..", no "/", ≤ 253). */
const OBJECT_NAME_ARGS = new Set(['name', 'pod', 'target_name']);
/** Arguments whose value is a kind. */
const KIND_ARGS = new Set(['kind', 'resource_type', 'target_type']);

/** Unicode that is not plain text: look-alikes, combining marks, RTL override, emoji, CJK, NUL-free. */
const UNICODE_SAMPLES = [
  'kube‐system', // U+2010 hyphen
  'ｄｅｆａｕｌｔ', // full-width
  'de\u0301fault', // combining acute
  '\u202Edefault', // right-to-left override
  '🦄🔥',
  '名前空間',
  'ⅾefault', // U+217E small roman numeral
  'default\u200B', // zero-width space
];

const unicodeString = fc.oneof(
  fc.constantFrom(...UNICODE_SAMPLES),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => /[^\x20-\x7e]/.test(s)),
);

/** Strings from 64 characters up to 200 KB (the JSON body stays under the transport's 4 MiB). */
const hugeString = fc.oneof(
  fc.integer({ min: 64, max: 400 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'ü'.repeat(n)),
);

const otherJsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Values of any JSON type but the property's own. */
function wrongType(schema: PropertySchema): fc.Arbitrary<unknown> {
  const own = schema.type;
  return otherJsonValue.filter((v) => {
    const t = jsonTypeOf(v);
    if (own === 'number') return t !== 'number' && t !== 'integer';
    return t !== own;
  });
}

/** A valid value for a property (the rest of a call is valid, so only the mutation is wrong). */
export function validValue(key: string, schema: PropertySchema, namespace: string): unknown {
  if (NAMESPACE_ARGS.has(key)) return namespace;
  if (KIND_ARGS.has(key)) return 'Pod';
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return schema.items?.enum ? [schema.items.enum[0]] : [];
    default:
      return 'probe';
  }
}

/** Out-of-range numbers: below the minimum, above the maximum, fractions for integers, ±1e300. */
function outOfRange(schema: PropertySchema): fc.Arbitrary<number> | undefined {
  const options: fc.Arbitrary<number>[] = [fc.constantFrom(1e300, -1e300)];
  if (schema.minimum !== undefined) options.push(fc.integer({ min: -1e15, max: schema.minimum - 1 }));
  if (schema.maximum !== undefined)
    options.push(fc.integer({ min: schema.maximum + 1, max: Number.MAX_SAFE_INTEGER }));
  if (schema.type === 'integer')
    options.push(
      fc
        .double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1e6, noNaN: true })
        .filter((x) => !Number.isInteger(x)),
    );
  return fc.oneof(...options);
}

/** Strings the property must refuse, or undefined when any string is acceptable. */
function badString(
  key: string,
  schema: PropertySchema,
  checkNames: boolean,
): fc.Arbitrary<string> | undefined {
  if (schema.enum) {
    const values = schema.enum;
    return fc
      .oneof(
        unicodeString,
        hugeString,
        fc.constantFrom(...values).map((v) => v.toUpperCase()),
        fc.constantFrom(...values).map((v) => ` ${v}`),
      )
      .filter((s) => !values.includes(s));
  }
  if (checkNames && NAMESPACE_ARGS.has(key))
    return fc.oneof(
      unicodeString,
      hugeString,
      fc.constantFrom('..', '.', 'Default', 'a/b', '%2e%2e', ' default', 'a_b', '-a', 'all/..'),
    );
  if (checkNames && OBJECT_NAME_ARGS.has(key))
    return fc.oneof(
      fc.integer({ min: 254, max: 200_000 }).map((n) => 'n'.repeat(n)),
      fc.constantFrom('..', '.', 'a/b', '../secrets', '%2e%2e', 'x\u0000y', 'line\nbreak'),
    );
  if (schema.minLength) return fc.constant('');
  return undefined;
}

/** Extra keys: unicode, prototype names, case and whitespace variants of real keys. */
function extraKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
      fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf'),
      known.length ? fc.constantFrom(...known).map((k) => k.toUpperCase()) : fc.constant('EXTRA'),
      known.length ? fc.constantFrom(...known).map((k) => `${k} `) : fc.constant('extra '),
    )
    .filter(
      (k) =>
        !known.includes(k) &&
        k !== '__proto__' &&
        ![...k].some((ch) => ch < ' ' || ch === '"' || ch === '\\'),
    );
}

const nonObject = fc.oneof(
  fc.string({ maxLength: 30 }),
  hugeString,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
);

/** Invalid tools/call requests for one tool. */
function toolCalls(tool: Tool, namespace: string, checkNames: boolean): fc.Arbitrary<InvalidCall> {
  const props = (tool.inputSchema.properties ?? {}) as Record<string, PropertySchema>;
  const keys = Object.keys(props);
  const required = tool.inputSchema.required ?? [];
  const base = Object.fromEntries(required.map((k) => [k, validValue(k, props[k]!, namespace)]));
  const call = (args: unknown, names: string, category: InvalidCall['category']): InvalidCall => ({
    method: 'tools/call',
    params: { name: tool.name, arguments: args },
    names,
    category,
  });
  const options: fc.Arbitrary<InvalidCall>[] = [
    nonObject.map((a) => call(a, 'arguments', 'non-object arguments')),
    fc.tuple(extraKey(keys), otherJsonValue).map(([k, v]) => call({ ...base, [k]: v }, k, 'extra key')),
  ];
  if (required.length)
    options.push(
      fc.constantFrom(...required).map((k) => {
        const { [k]: _gone, ...rest } = base;
        return call(rest, k, 'missing key');
      }),
    );
  for (const key of keys) {
    const schema = props[key]!;
    options.push(wrongType(schema).map((v) => call({ ...base, [key]: v }, key, 'wrong type')));
    if (schema.type === 'integer' || schema.type === 'number')
      options.push(outOfRange(schema)!.map((v) => call({ ...base, [key]: v }, key, 'out of range')));
    if (schema.type === 'array' && schema.items?.enum) {
      const allowed = schema.items.enum;
      options.push(
        fc
          .oneof(unicodeString, hugeString, fc.constant(''))
          .filter((s) => !allowed.includes(s))
          .map((s) => call({ ...base, [key]: [allowed[0], s] }, key, 'bad string')),
      );
    }
    const bad = schema.type === 'string' ? badString(key, schema, checkNames) : undefined;
    if (bad) options.push(bad.map((v) => call({ ...base, [key]: v }, key, 'bad string')));
  }
  return fc.oneof(...options);
}

/** Invalid resources/read requests: URIs of the wrong type, unknown URIs, bad template variables. */
function resourceCalls(template: string, checkNames: boolean): fc.Arbitrary<InvalidCall> {
  const read = (uri: unknown, names: string, category: InvalidCall['category']): InvalidCall => ({
    method: 'resources/read',
    params: { uri },
    names,
    category,
  });
  const options: fc.Arbitrary<InvalidCall>[] = [
    otherJsonValue.filter((v) => typeof v !== 'string').map((v) => read(v, 'uri', 'wrong type')),
    fc.constant({
      method: 'resources/read',
      params: {},
      names: 'uri',
      category: 'missing key',
    } as InvalidCall),
    fc
      .oneof(unicodeString, hugeString, fc.constantFrom('k8s://', 'k8s://cluster', 'file:///etc/passwd'))
      .map((u) => read(u, 'uri', 'bad string')),
  ];
  if (checkNames && template.includes('{namespace}'))
    options.push(
      fc
        .oneof(unicodeString, hugeString, fc.constantFrom('..', 'Default', 'a_b', '-a', '%2e%2e'))
        .map((ns) =>
          read(template.replace('{namespace}', encodeURIComponent(ns)), 'namespace', 'bad string'),
        ),
    );
  return fc.oneof(...options);
}

/** Invalid prompts/get requests for one prompt. */
function promptCalls(prompt: Prompt, namespace: string, checkNames: boolean): fc.Arbitrary<InvalidCall> {
  const declared = prompt.arguments ?? [];
  const keys = declared.map((a) => a.name);
  const required = declared.filter((a) => a.required).map((a) => a.name);
  const valid = (k: string): string =>
    k === 'namespace' ? namespace : k === 'kind' ? 'Deployment' : 'probe';
  const base = Object.fromEntries(required.map((k) => [k, valid(k)]));
  const get = (args: unknown, names: string, category: InvalidCall['category']): InvalidCall => ({
    method: 'prompts/get',
    params: { name: prompt.name, arguments: args },
    names,
    category,
  });
  const options: fc.Arbitrary<InvalidCall>[] = [
    nonObject.filter((a) => a !== null).map((a) => get(a, 'arguments', 'non-object arguments')),
    fc
      .tuple(extraKey(keys), fc.string({ maxLength: 10 }))
      .map(([k, v]) => get({ ...base, [k]: v }, k, 'extra key')),
  ];
  if (required.length)
    options.push(
      fc.constantFrom(...required).map((k) => {
        const { [k]: _gone, ...rest } = base;
        return get(rest, k, 'missing key');
      }),
    );
  for (const key of keys) {
    options.push(
      otherJsonValue
        .filter((v) => typeof v !== 'string')
        .map((v) => get({ ...base, [key]: v }, key, 'wrong type')),
    );
    options.push(
      fc
        .integer({ min: 254, max: 100_000 })
        .map((n) => get({ ...base, [key]: 'p'.repeat(n) }, key, 'bad string')),
    );
    if (checkNames && key === 'namespace')
      options.push(
        fc
          .oneof(unicodeString, fc.constantFrom('..', 'Default', 'a/b', 'a_b'))
          .map((ns) => get({ ...base, namespace: ns }, 'namespace', 'bad string')),
      );
    if (key === 'kind')
      options.push(
        fc
          .oneof(unicodeString, fc.constantFrom('Secret', 'deployments.apps.evil', 'Node'))
          .map((k) => get({ ...base, kind: k }, 'kind', 'bad string')),
      );
  }
  return fc.oneof(...options);
}

/** What the server publishes, as tools/list, resources/templates/list and prompts/list return it. */
export interface Published {
  readonly tools: readonly Tool[];
  readonly templates: readonly string[];
  readonly prompts: readonly Prompt[];
}

/**
 * Invalid calls over everything published, tools weighted by their number. `checkNames`: include
 * namespace and object-name syntax mistakes (the server validates them by argument name).
 */
export function invalidCalls(
  published: Published,
  namespace: string,
  checkNames: boolean,
): fc.Arbitrary<InvalidCall> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...published.tools.map((t) => toolCalls(t, namespace, checkNames))) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        ...['k8s://cluster/summary', ...published.templates].map((t) => resourceCalls(t, checkNames)),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(...published.prompts.map((p) => promptCalls(p, namespace, checkNames))),
    },
  );
}
