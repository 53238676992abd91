import { z } from 'zod';

/** The optional `namespace` input of a tool that targets one object. */
export const namespaceArg = (of: string) => z.string().min(1).optional().describe(`Namespace of the ${of}.`);
