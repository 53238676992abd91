import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** One audit record: one per tool call, whatever its outcome. */
export interface AuditRecord {
  readonly time: string;
  readonly sessionId?: string;
  readonly transport: string;
  readonly client?: { readonly name: string; readonly version: string };
  readonly identity?: string;
  readonly tool: string;
  readonly arguments: unknown;
  readonly namespaces: readonly string[];
  readonly outcome: 'ok' | 'error' | 'denied' | 'invalid';
  readonly errorCode?: string;
  readonly durationMs: number;
  readonly responseBytes: number;
}

/**
 * Append-only JSON lines. One stream opened with O_APPEND and one write() per record, so lines
 * are never torn; writes are buffered by the stream and never awaited on the call path.
 */
@Injectable()
export class AuditLog implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditLog.name);
  private stream?: WriteStream;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  write(record: AuditRecord): void {
    if (!this.config.K8S_AUDIT_ENABLED) return;
    this.open()?.write(`${JSON.stringify(record)}\n`);
  }

  /** Resolves once everything written so far is on disk (tests and shutdown). */
  flush(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    // Writes complete in order: the callback of an empty write fires after everything before it.
    return new Promise((resolve) => stream.write('', () => resolve()));
  }

  private open(): WriteStream | undefined {
    if (this.stream) return this.stream;
    const path = this.config.K8S_AUDIT_LOG_PATH;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.stream = createWriteStream(path, { flags: 'a', mode: 0o640 });
      this.stream.on('error', (err) => this.logger.error(`audit log ${path}: ${err.message}`));
    } catch (err) {
      this.logger.error(`cannot open audit log ${path}: ${(err as Error).message}`);
    }
    return this.stream;
  }

  async onApplicationShutdown(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    await new Promise<void>((resolve) => stream.end(resolve));
  }
}
