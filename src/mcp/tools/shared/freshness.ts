import { z } from 'zod';
import { describeFreshness, type Freshness } from '../../../sync/cached-reads.service.js';

/** The `fresh` input of every read tool the watch cache can answer. */
export const freshArg = z.boolean().optional().describe('true: read the API server, not the cache.');

/** Output fields that say where an answer came from and how fresh it is. */
export const freshnessOutput = {
  source: z
    .enum(['cache', 'api'])
    .describe('"cache": answered from the watch cache; "api": read from the API server.'),
  freshness: z
    .object({
      reason: z.string().optional().describe('Why the API server answered instead of the cache.'),
      resourceVersion: z.string().optional().describe('resourceVersion the watch had reached.'),
      lastEventAt: z.string().optional().describe('Last watch event (or relist) of the kind.'),
      lastEventAgeSeconds: z.number().optional().describe('Seconds since lastEventAt.'),
      watchState: z
        .string()
        .optional()
        .describe('"healthy", or "degraded" when the watch keeps failing (the data may be stale).'),
    })
    .describe('How fresh the answer is.'),
};

/** The structured fields of freshnessOutput for one answer. */
export function freshnessFields(f: Freshness): {
  source: Freshness['source'];
  freshness: Omit<Freshness, 'source'>;
} {
  const { source, ...rest } = f;
  return { source, freshness: rest };
}

export { describeFreshness };
