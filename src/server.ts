import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from './config/app-config.js';
import { createRootLogger, PinoNestLogger } from './common/logging/pino-logger.js';
import { createApp } from './bootstrap.js';
import { renderBanner, renderSyncedLine } from './banner.js';
import { ClusterModels } from './contexts/cluster-models.service.js';
import { GraphService } from './graph/graph.service.js';
import { K8sService } from './k8s/k8s.service.js';
import { InformerRegistry } from './sync/informer-registry.js';
import { McpServerFactory } from './mcp/mcp-server.factory.js';
import type { StdioCore } from './mcp/transports/stdio-front-door.js';

async function start(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = new PinoNestLogger(createRootLogger(config));
  const app = await createApp(config, { logger });
  Logger.overrideLogger(logger);
  return app;
}

/** Logs the sync and graph size once the initial sync is done and the graph has caught up. */
function announceSynced(app: NestFastifyApplication): void {
  const registry = app.get(InformerRegistry);
  const graph = app.get(GraphService);
  const log = () => {
    // The graph builds in batches after the sync; counting earlier would build it all at once.
    if (graph.enabled && graph.busy) return void setTimeout(log, 250).unref();
    const line = renderSyncedLine(registry.status(), graph.enabled ? graph.counts() : undefined);
    new Logger('Main').log(line);
  };
  void registry.ready().then(log);
}

/** Starts the HTTP server (Streamable HTTP, SSE, health) with a validated configuration. */
export async function run(config: AppConfig): Promise<void> {
  const app = await start(config);
  app.enableShutdownHooks();
  await app.listen(config.K8S_MCP_PORT, config.K8S_MCP_HOST);
  const k8s = app.get(K8sService);
  new Logger('Main').log(renderBanner(config, await app.getUrl(), k8s.status()));
  k8s.warmUp();
  app.get(InformerRegistry).start();
  app.get(ClusterModels).startEager();
  announceSynced(app);
}

/** Boots everything behind the stdio front door: no HTTP listener, logs on stderr. */
export async function bootStdioCore(config: AppConfig): Promise<StdioCore> {
  const app = await start(config);
  await app.init();
  const k8s = app.get(K8sService);
  new Logger('Main').log(renderBanner(config, 'stdio', k8s.status()));
  k8s.warmUp();
  app.get(InformerRegistry).start();
  app.get(ClusterModels).startEager();
  announceSynced(app);
  const factory = app.get(McpServerFactory);
  return { tools: factory.tools(), extras: factory.extras(), close: () => app.close() };
}
