import { PassThrough, Writable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpExtras, type ToolSource } from '../mcp-server.js';
import { type EarlyInitialize, isAnswerTo } from './stdio-early-initialize.js';

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
export async function serveStdio(
  bootCore: () => Promise<StdioCore>,
  early: EarlyInitialize = { buffered: Buffer.alloc(0) },
): Promise<Server> {
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
  const transport = early.buffered.length
    ? new StdioServerTransport(replay(early.buffered), withoutAnswerTo(early.answeredId))
    : new StdioServerTransport();
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
  // stdin may have ended while the early door was reading it: no 'end' comes again.
  if (process.stdin.readableEnded) void exit();
  await server.connect(transport);
  return server;
}

/** stdin as the SDK should read it: what the early door already read, then the rest. */
function replay(buffered: Buffer): PassThrough {
  const input = new PassThrough();
  input.write(buffered);
  process.stdin.pipe(input);
  return input;
}

/** stdout without the SDK's own answer to the initialize the early door answered (one line, once). */
function withoutAnswerTo(id: string | number | undefined): Writable {
  let pending = id !== undefined;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (pending && isAnswerTo(chunk.toString('utf8'), id!)) {
        pending = false;
        return callback();
      }
      process.stdout.write(chunk, callback);
    },
  });
}
