import type { ReadResourceResult, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type { ResourceSource } from '../mcp-server.js';

/** A source that serves a few fixed URIs ahead of the others. */
export interface OwnedResourceSource extends Omit<ResourceSource, 'templates'> {
  handles(uri: string): boolean;
}

/** Serves `first`'s URIs from it and everything else from `rest` (which answers unknown URIs). */
export function combineResources(first: OwnedResourceSource, rest: ResourceSource): ResourceSource {
  return {
    list: (): Resource[] => [...rest.list(), ...first.list()],
    templates: (): ResourceTemplate[] => rest.templates(),
    read: (uri: string): Promise<ReadResourceResult> =>
      first.handles(uri) ? first.read(uri) : rest.read(uri),
    subscribe: (uri: string, onUpdated: () => void) =>
      first.handles(uri) ? first.subscribe(uri, onUpdated) : rest.subscribe(uri, onUpdated),
  };
}
