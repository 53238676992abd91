import { z } from 'zod';
import { freshArg, freshnessOutput } from './freshness.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Input fields every list tool shares, described for the model. */
export const listArgs = {
  namespace: z.string().min(1).optional().describe('Namespace, or "all".'),
  labelSelector: z.string().optional().describe('Label selector, e.g. "app=web,tier!=cache".'),
  fieldSelector: z.string().optional().describe('Field selector, e.g. "status.phase!=Running".'),
  limit: z
    .number()
    .int()
    .min(1)
    // The largest K8S_MAX_RESOURCES the configuration accepts; the server's own setting caps it further.
    .max(10_000)
    .optional()
    .describe('Page size (default and maximum: K8S_MAX_RESOURCES).'),
  continue: z.string().optional().describe('"continue" of the previous page.'),
  output: z
    .enum(OUTPUT_FORMATS)
    .optional()
    .describe('table (default), json or yaml (trimmed objects), name.'),
  fresh: freshArg,
};

/** The output schema every list tool shares (items are the trimmed objects). */
export const listOutput = {
  kind: z.string().describe('Kind of the listed objects.'),
  namespace: z.string().optional().describe('Namespace listed, or "all".'),
  count: z.number().int().describe('Items on this page.'),
  remaining: z.number().int().optional().describe('Items beyond this page, when known.'),
  continue: z.string().optional().describe('Pass as "continue" to get the next page.'),
  omittedNamespaceCount: z
    .number()
    .int()
    .optional()
    .describe('How many namespaces the server policy left out of this page (their names are not shown).'),
  folded: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe(
      'Column values most rows share (long pages only): a row object without such a key has this value.',
    ),
  items: z
    .array(z.record(z.string(), z.unknown()))
    .describe('Rows as objects (table columns, less the keys in folded), or trimmed objects for json/yaml.'),
  ...freshnessOutput,
};
