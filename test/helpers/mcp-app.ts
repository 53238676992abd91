// Runs the real application in-process on a free loopback port and connects real MCP clients.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createApp, type CreateAppOptions } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { AuditRecord } from '../../src/security/audit-log.service.js';
import { AuditLog } from '../../src/security/audit-log.service.js';

export interface RunningApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly auditPath: string;
  /** Audit records written so far (flushes first). */
  audit(): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

/**
 * Starts the app with these environment variables (plus a temp audit log and no log files).
 * `options.logger` receives the server's log lines (none by default).
 */
export async function startApp(
  env: Record<string, string>,
  options: CreateAppOptions = {},
): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-e2e-'));
  const auditPath = join(dir, 'audit.log');
  const config = loadConfig({
    env: {
      LOG_DIR: '',
      LOG_LEVEL: 'silent',
      K8S_AUDIT_LOG_PATH: auditPath,
      K8S_MCP_HOST: '127.0.0.1',
      K8S_MCP_PORT: '0',
      ...env,
    },
    cwd: dir,
  });
  const app = await createApp(config, options);
  await app.listen(config.K8S_MCP_PORT, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    auditPath,
    async audit() {
      await app.get(AuditLog).flush();
      let text: string;
      try {
        text = readFileSync(auditPath, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord);
    },
    close: () => app.close(),
  };
}

/** An MCP client over Streamable HTTP (the SSE client runs out of process: see sse-client.mjs). */
export async function connectClient(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'k8s-mcp-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }),
  );
  return client;
}

/** The text of a tool result. */
export function textOf(result: unknown): string {
  const r = result as CallToolResult;
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** Calls a tool and returns the result typed. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}
