import { readFileSync } from 'node:fs';

// Nothing here imports the MCP SDK or zod: the stdio door answers `initialize` from these values
// before either is loaded (they cost ~160 ms of the start), and createMcpServer uses the same ones.

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const SERVER_INFO = { name: 'k8s-mcp', title: 'Kubernetes MCP server', version: VERSION } as const;

export const SERVER_CAPABILITIES = {
  tools: { listChanged: false },
  // subscribe: true is required by clients before resources/subscribe (see mcp-server.ts).
  resources: { subscribe: true, listChanged: false },
  prompts: { listChanged: false },
  completions: {},
  logging: {},
};

/** Where a model starts and what the shared arguments mean (tool schemas say it once, here). */
export const INSTRUCTIONS = [
  'k8s-mcp answers questions about one Kubernetes cluster from a live watch cache, and can make a few safe changes.',
  'Start with k8s-cluster-summary: it ranks what is wrong, root causes first, and names the exact call that shows each fact.',
  "Then drill down: k8s-describe-pod (one pod: spec, state, events), k8s-get-logs (a container's output), k8s-get-events,",
  'k8s-relation-query (what depends on what), k8s-get-resource / k8s-list-resources (any kind), k8s-get-pods and the other lists.',
  'Shared arguments: namespace defaults to the server default namespace, "all" means every namespace this server may show;',
  'fresh=true reads the API server instead of the cache; lists are paged: pass the returned "continue" value for the next page.',
  'Some namespaces may be hidden by the server policy; answers count what they leave out instead of showing it.',
].join(' ');

/**
 * The SDK's SUPPORTED_PROTOCOL_VERSIONS, newest first (a unit test keeps the two equal, so an SDK
 * upgrade that adds a version fails there instead of answering an older one here).
 */
export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'];

/** The result the SDK's Server gives `initialize`: the client's version when supported, else the newest. */
export function initializeResult(requestedVersion: string): Record<string, unknown> {
  return {
    protocolVersion: PROTOCOL_VERSIONS.includes(requestedVersion) ? requestedVersion : PROTOCOL_VERSIONS[0],
    capabilities: SERVER_CAPABILITIES,
    serverInfo: SERVER_INFO,
    instructions: INSTRUCTIONS,
  };
}
