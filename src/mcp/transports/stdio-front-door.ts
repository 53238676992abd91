import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpExtras, type ToolSource } from '../mcp-server.js';

/** The rest of the server, booted after the front door has answered initialize. */
export interface StdioCore {
  readonly tools: ToolSource;
  readonly extras: McpExtras;
  close(): Promise<void>;
}

// Boot the core after this long even if the client never sends notifications/initialized.
const BOOT_FALLBACK_MS = 300;

/**
 * MCP over stdin/stdout that answers `initialize` before Nest, class-validator and client-node
 * are loaded (together ~1.5 s): loading them blocks the event loop, so they start only once
 * initialize has been answered. tools/list and tools/call wait for the core.
 */
export async function serveStdio(bootCore: () => Promise<StdioCore>): Promise<Server> {
  let core: Promise<StdioCore> | undefined;
  const boot = (): Promise<StdioCore> => (core ??= bootCore());
  const server = createMcpServer(
    'stdio',
    async () => (await boot()).tools,
    undefined,
    async () => (await boot()).extras,
  );
  server.oninitialized = () => setImmediate(() => void boot());
  const fallback = setTimeout(() => void boot(), BOOT_FALLBACK_MS);
  const transport = new StdioServerTransport();
  // The client closing stdin ends the session and the process, even with calls still pending.
  const exit = async (): Promise<void> => {
    clearTimeout(fallback);
    await Promise.race([core?.then((c) => c.close()), new Promise((r) => setTimeout(r, 2000))]).catch(
      () => undefined,
    );
    process.exit(0);
  };
  process.stdin.once('end', () => void exit());
  process.stdin.once('close', () => void exit());
  await server.connect(transport);
  return server;
}
