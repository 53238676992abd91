import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { K8sService } from '../../k8s/k8s.service.js';
import { McpServerFactory } from '../mcp-server.factory.js';

// Load client-node only after initialize is answered (or after this delay): importing it blocks
// the event loop for ~0.35 s, which would otherwise delay the first response.
const WARMUP_FALLBACK_MS = 1500;

/** MCP over stdin/stdout when --transport stdio: one session for the life of the process. */
@Injectable()
export class StdioService implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: McpServer;
  private fallback?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly factory: McpServerFactory,
    private readonly k8s: K8sService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.K8S_MCP_TRANSPORT !== 'stdio') return;
    this.server = this.factory.create('stdio');
    this.server.server.oninitialized = () => setImmediate(() => this.k8s.warmUp());
    this.fallback = setTimeout(() => this.k8s.warmUp(), WARMUP_FALLBACK_MS).unref();
    await this.server.connect(new StdioServerTransport());
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.fallback);
    await this.server?.close();
  }
}
