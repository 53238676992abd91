import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RotatingFile } from '../common/rotating-file.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Person } from './caller-identity.js';
import type { KubeUser } from './kube-user.js';

/** One audit record: one per tool call, resource read or subscription and prompt, whatever its outcome. */
export interface AuditRecord {
  readonly time: string;
  readonly sessionId?: string;
  readonly transport: string;
  readonly client?: { readonly name: string; readonly version: string };
  readonly identity?: string;
  /** Who the OAuth access token names: subject, username, groups, jti, client id. */
  readonly person?: Person;
  /** The Kubernetes user and groups the API server saw for this call (K8S_MCP_IMPERSONATION). */
  readonly actedAs?: KubeUser;
  /** Absent for tools/call; then `tool` is the tool's name. */
  readonly method?: 'resources/read' | 'resources/subscribe' | 'prompts/get';
  /** The tool name, the resource URI or the prompt name, as the caller sent it. */
  readonly tool: string;
  readonly arguments: unknown;
  readonly namespaces: readonly string[];
  /** The kubeconfig context the call answered from (or asked for, when it was refused). */
  readonly context?: string;
  readonly outcome: 'ok' | 'error' | 'denied' | 'invalid';
  readonly errorCode?: string;
  readonly durationMs: number;
  readonly responseBytes: number;
  /** Set when the line was cut to MAX_LINE_BYTES: `arguments` then holds a preview. */
  readonly truncated?: true;
}

/** Whether a record reached the file. */
export type AuditWrite = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Largest audit line in bytes. Arguments are the only unbounded field (a caller controls them): a
 * line stays one short write and one screen in `less`; 16 KiB keeps every realistic call whole.
 */
export const MAX_LINE_BYTES = 16 * 1024;
/** Characters of the arguments' JSON a cut line keeps as `arguments.preview`. */
const PREVIEW_CHARS = 4 * 1024;

/**
 * Append-only JSON lines, durable once a call is answered: the file is opened with O_APPEND and
 * each record is one synchronous write(2) of one whole line, so the line is in the kernel (and
 * survives a SIGKILL of this process) before the caller sees the answer, and concurrent records
 * never interleave. No fsync per call: a machine crash may lose the last lines, a process crash
 * cannot. Rotates by size (K8S_AUDIT_MAX_FILE_MB, K8S_AUDIT_KEEP_FILES): audit.log.1 is the newest
 * rotated file.
 */
@Injectable()
export class AuditLog implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditLog.name);
  private readonly file: RotatingFile;
  /** The last write's failure, until a write succeeds again. */
  private lastError?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.file = new RotatingFile({
      path: config.K8S_AUDIT_LOG_PATH,
      maxBytes: config.K8S_AUDIT_MAX_FILE_MB * 1024 * 1024,
      keep: config.K8S_AUDIT_KEEP_FILES,
      onRotate: () => this.logger.log(`audit log rotated (${config.K8S_AUDIT_KEEP_FILES} kept)`),
    });
  }

  /** True when calls must be refused while the audit log cannot be written (the default). */
  get failClosed(): boolean {
    return this.config.K8S_AUDIT_ENABLED && !this.config.K8S_AUDIT_FAIL_OPEN;
  }

  /** Appends one line; returns once write(2) has returned. Never throws. */
  write(record: AuditRecord): AuditWrite {
    if (!this.config.K8S_AUDIT_ENABLED) return { ok: true };
    const line = Buffer.from(`${serialize(record)}\n`);
    try {
      // One whole line per write(2); a short write (disk full) is finished rather than leaving half
      // a line, and reported if it cannot be.
      this.file.append(line);
      this.lastError = undefined;
      return { ok: true };
    } catch (err) {
      const reason = `${this.config.K8S_AUDIT_LOG_PATH}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      if (this.lastError !== reason) this.logger.error(`audit log write failed: ${reason}`);
      this.lastError = reason;
      return { ok: false, reason };
    }
  }

  /**
   * True when a record written now would reach the file: auditing is off, or the file (or, before
   * it exists, its folder) is writable by this process and the last write did not fail. Two
   * syscalls: /health, /health/ready and every tool call ask. `readOnlyCall`: the file is open and
   * the last write succeeded, which suffices for a call that changes nothing (an open descriptor
   * writes whatever happens to the permissions, and a moved file is reopened by the write, which
   * reports a failure); the syscalls were ~3 % of a cached call (bench/calls-per-second.mjs
   * --cpu-prof). A call that changes the cluster always gets the full check.
   */
  writable(readOnlyCall = false): boolean {
    if (!this.config.K8S_AUDIT_ENABLED) return true;
    if (readOnlyCall && this.file.isOpen && this.lastError === undefined) return true;
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
    // Writable by permission but the last write failed (disk full, I/O error): the next write tries again.
    return this.lastError;
  }

  /** Kept for callers that used to wait for buffered writes: every write is complete on return. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  onApplicationShutdown(): void {
    this.file.close();
  }
}

/** The record as one JSON line of at most MAX_LINE_BYTES (newline excluded), cut visibly if needed. */
export function serialize(record: AuditRecord): string {
  const line = JSON.stringify(record);
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES - 1) return line;
  const args = JSON.stringify(record.arguments) ?? '';
  let preview = args.slice(0, PREVIEW_CHARS);
  for (;;) {
    const cut = JSON.stringify({
      ...record,
      truncated: true,
      arguments: { truncated: true, bytes: Buffer.byteLength(args), preview },
    });
    if (Buffer.byteLength(cut) <= MAX_LINE_BYTES - 1) return cut;
    // Another field is huge too (a tool name, a namespace): keep only what identifies the call.
    if (preview === '')
      return JSON.stringify({
        time: record.time,
        sessionId: record.sessionId?.slice(0, 128),
        transport: record.transport.slice(0, 32),
        method: record.method,
        identity: record.identity?.slice(0, 256),
        ...(record.person ? { person: boundedPerson(record.person) } : {}),
        tool: record.tool.slice(0, 256),
        outcome: record.outcome,
        errorCode: record.errorCode,
        durationMs: record.durationMs,
        responseBytes: record.responseBytes,
        truncated: true,
      });
    preview = preview.slice(0, Math.floor(preview.length / 2));
  }
}

/** Most groups a cut line keeps of a person (a token may carry hundreds). */
const CUT_GROUPS = 32;

/**
 * The person, each field bounded, for a cut line: who made the call is what an auditor needs
 * most, so it stays even when everything else is cut to its minimum.
 */
function boundedPerson(p: Person): Person {
  const cut = (s: string | undefined) => s?.slice(0, 256);
  return {
    issuer: p.issuer.slice(0, 256),
    subject: p.subject.slice(0, 256),
    ...(p.username !== undefined ? { username: cut(p.username) } : {}),
    ...(p.groups ? { groups: p.groups.slice(0, CUT_GROUPS).map((g) => g.slice(0, 256)) } : {}),
    ...(p.tokenId !== undefined ? { tokenId: cut(p.tokenId) } : {}),
    ...(p.clientId !== undefined ? { clientId: cut(p.clientId) } : {}),
  };
}

/** The folder itself or its closest existing ancestor (mkdir -p creates the rest there). */
function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
