import { Logger } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { createRootLogger, PinoNestLogger } from './common/logging/pino-logger.js';
import { createApp } from './bootstrap.js';
import { renderBanner } from './banner.js';
import { K8sService } from './k8s/k8s.service.js';

/** Starts the server with a validated configuration: HTTP (Fastify) or stdio. */
export async function run(config: AppConfig): Promise<void> {
  const logger = new PinoNestLogger(createRootLogger(config));
  const app = await createApp(config, { logger });
  Logger.overrideLogger(logger);
  app.enableShutdownHooks();

  if (config.K8S_MCP_TRANSPORT === 'http') {
    await app.listen(config.K8S_MCP_PORT, config.K8S_MCP_HOST);
  } else {
    await app.init();
  }
  const address = config.K8S_MCP_TRANSPORT === 'http' ? await app.getUrl() : 'stdio';
  const k8s = app.get(K8sService);
  new Logger('Main').log(renderBanner(config, address, k8s.status()));
  k8s.warmUp();
}
