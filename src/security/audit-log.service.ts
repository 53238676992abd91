import {
  accessSync,
  constants,
  createWriteStream,
  existsSync,
  mkdirSync,
  statSync,
  type WriteStream,
} from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** One audit record: one per tool call, resource read or subscription and prompt, whatever its outcome. */
export interface AuditRecord {
  readonly time: string;
  readonly sessionId?: string;
  readonly transport: string;
  readonly client?: { readonly name: string; readonly version: string };
  readonly identity?: string;
  /** Absent for tools/call; then `tool` is the tool's name. */
  readonly method?: 'resources/read' | 'resources/subscribe' | 'prompts/get';
  /** The tool name, the resource URI or the prompt name, as the caller sent it. */
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

  /**
   * True when a record written now would reach the file: auditing is off, or the file (or, before
   * it exists, its folder) is writable by this process and the stream has not failed. Cheap (one
   * access(2) call): /health and /health/ready ask on every probe.
   */
  writable(): boolean {
    if (!this.config.K8S_AUDIT_ENABLED) return true;
    return this.unwritableReason() === undefined;
  }

  /** Why the audit log cannot be written, or undefined when it can. */
  unwritableReason(): string | undefined {
    const path = this.config.K8S_AUDIT_LOG_PATH;
    try {
      if (existsSync(path)) accessSync(path, constants.W_OK);
      else {
        const folder = nearestExisting(dirname(path));
        if (!statSync(folder).isDirectory()) return `${path}: ENOTDIR (${folder} is not a folder)`;
        accessSync(folder, constants.W_OK);
      }
    } catch (err) {
      return `${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
    // Writable again: a stream that failed was dropped, and the next record reopens the file.
    return undefined;
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
      this.stream.on('error', (err) => {
        this.logger.error(`audit log ${path}: ${err.message}`);
        // A failed stream writes nothing more: the next record reopens.
        this.stream = undefined;
      });
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

/** The folder itself or its closest existing ancestor (mkdir -p creates the rest there). */
function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
