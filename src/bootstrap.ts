import { type LoggerService, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { installHttpMetrics } from './monitoring/metrics/http-metrics.hook.js';
import { installHttpAccess } from './security/http-access.hook.js';

export interface CreateAppOptions {
  readonly logger?: LoggerService | false;
}

/** Builds the Nest application on Fastify; main.ts and the e2e tests share this factory. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: config.K8S_MCP_MAX_BODY_BYTES }),
    // abortOnError=false: a failing provider must surface as an error, not process.exit(1) under jest.
    { logger: options.logger ?? false, abortOnError: false, bufferLogs: false },
  );
  // Metrics first: refusals of the access hook are counted too.
  installHttpMetrics(app);
  installHttpAccess(app, config.K8S_MCP_MAX_BODY_BYTES);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
}
