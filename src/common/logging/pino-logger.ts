import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino, type StreamEntry } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { currentContext } from './request-context.js';

/**
 * The root structured logger. Console lines go to stderr in stdio mode (stdout belongs to the
 * protocol) and to stdout otherwise; with LOG_DIR set, app.log gets everything and error.log
 * errors only.
 */
export function createRootLogger(
  config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_DIR' | 'K8S_MCP_TRANSPORT'>,
): Pino {
  const level = config.LOG_LEVEL;
  // pino's multistream takes real levels only; "silent" is applied on the logger itself.
  const streamLevel: pino.Level = level === 'silent' ? 'fatal' : level;
  const consoleFd = config.K8S_MCP_TRANSPORT === 'stdio' ? 2 : 1;
  const streams: StreamEntry[] = [
    { level: streamLevel, stream: pino.destination({ fd: consoleFd, sync: true }) },
  ];
  if (config.LOG_DIR) {
    streams.push({
      level: streamLevel,
      stream: pino.destination({ dest: join(config.LOG_DIR, 'app.log'), mkdir: true, sync: false }),
    });
    streams.push({
      level: 'error',
      stream: pino.destination({ dest: join(config.LOG_DIR, 'error.log'), mkdir: true, sync: false }),
    });
  }
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const ctx = currentContext();
        return ctx ? { correlationId: ctx.correlationId, sessionId: ctx.sessionId } : {};
      },
    },
    pino.multistream(streams),
  );
}

// Nest's own start-up chatter (one line per module and route) is debug detail, not the banner.
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Adapts pino to Nest's LoggerService so `new Logger(Class.name)` logs structured lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  // Nest passes (message, [stack], context): the last string argument is the context.
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    if (level === 'info' && context && FRAMEWORK_CONTEXTS.has(context)) level = 'debug';
    const stack = rest.find((r): r is string => typeof r === 'string');
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.root[level](fields, String(message));
    }
  }
}
