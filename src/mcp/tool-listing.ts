import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolDefinition } from './tools/tool-definition.js';

// Every conversation pays for tools/list before its first question (it was 42.8 KB for twelve
// tools, against 16.5 KB for kubernetes-mcp-server's fourteen). The listing is therefore
// compacted: what a model reads (tool and argument descriptions, enums, bounds) stays, what it
// does not read or what repeats is left out. Arguments every tool shares (namespace "all", fresh,
// continue) are explained once, in the server's instructions.

/** tools/list may not grow past this for today's tools; tool-listing.spec.ts enforces it. */
export const TOOL_LIST_MAX_BYTES = 20 * 1024;

type Json = Record<string, unknown>;

/** zod writes ±2^53-1 for an integer without bounds: a bound that says nothing, 25 bytes each. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * An output schema keeps what a client validates — the top-level fields, their types and which
 * are required — and leaves out descriptions and the shape of nested objects: clients check
 * structuredContent against it (the SDK client rejects a result that does not validate), while a
 * model reads the text. Nested objects stay typed `object`/`array`, so nothing that validates
 * today stops validating.
 */
function outputShape(schema: Json, depth: number): Json {
  const out: Json = {};
  if (schema.type !== undefined) out.type = schema.type;
  if (schema.enum !== undefined) out.enum = schema.enum;
  if (schema.anyOf !== undefined) out.anyOf = (schema.anyOf as Json[]).map((s) => outputShape(s, depth));
  if (depth > 0) return out;
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Json>).map(([k, v]) => [
        k,
        outputShape(v, depth + 1),
      ]),
    );
  }
  if (schema.required) out.required = schema.required;
  return out;
}

/** An input schema as zod writes it, without `$schema` and without bounds that bound nothing. */
function inputShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inputShape);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === '$schema') continue;
    if ((k === 'maximum' && v === UNBOUNDED) || (k === 'minimum' && v === -UNBOUNDED)) continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, inputShape(s)]))
        : inputShape(v);
  }
  return out;
}

/** tools/list entry for one definition (JSON Schema generated from the zod shapes, compacted). */
export function toolListing(tool: ToolDefinition): Tool {
  const input = z.toJSONSchema(z.object(tool.inputSchema).strict(), { io: 'input' }) as Json;
  const listing: Tool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputShape(input) as Tool['inputSchema'],
    // The title is the tool's own `title`; annotations.title (the older place) would repeat it.
    annotations: { ...tool.annotations },
  };
  if (tool.outputSchema) {
    const output = z.toJSONSchema(z.object(tool.outputSchema), { io: 'output' }) as Json;
    listing.outputSchema = outputShape(output, 0) as Tool['outputSchema'];
  }
  return listing;
}

/** Bytes of the tools/list result for these tools, as a client receives it (JSON, UTF-8). */
export function toolListBytes(tools: readonly ToolDefinition[]): number {
  return Buffer.byteLength(JSON.stringify({ tools: tools.map(toolListing) }), 'utf8');
}
