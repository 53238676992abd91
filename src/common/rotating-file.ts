import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Where and how big: `path` rotates to `path.1` … `path.<keep>` past `maxBytes`. */
export interface RotatingFileOptions {
  readonly path: string;
  /** Size at which the file is rotated before a write; 0: never. */
  readonly maxBytes: number;
  /** Rotated files kept (`path.1` the newest); 0: the full file is removed. */
  readonly keep: number;
  /** Told after each rotation (for a log line). */
  readonly onRotate?: () => void;
}

/**
 * An append-only file written by whole lines, rotated by size: the audit log and the on-disk change
 * journal. Opened with O_APPEND; each append is synchronous write(2) calls of one whole buffer (a
 * short write is finished, never left half done), so the data is in the kernel when append
 * returns and survives a crash of this process. A file moved or removed behind its back is
 * reopened. Errors are thrown to the caller, which decides whether they are fatal.
 */
export class RotatingFile {
  private fd?: number;
  private size = 0;
  private inode = 0;

  constructor(private readonly options: RotatingFileOptions) {}

  get path(): string {
    return this.options.path;
  }

  /** An open descriptor: writes go through it whatever happens to the file's permissions. */
  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  /** Appends the buffer (one or more whole lines), rotating first when it would pass maxBytes. */
  append(data: Buffer): void {
    try {
      const fd = this.open(data.length);
      let done = 0;
      while (done < data.length) done += writeSync(fd, data, done, data.length - done);
      this.size += data.length;
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** The files that hold data, oldest first (`path.<keep>` … `path.1`, `path`): for reading back. */
  files(): string[] {
    const out: string[] = [];
    for (let i = this.options.keep; i >= 1; i--) {
      if (existsSync(`${this.options.path}.${i}`)) out.push(`${this.options.path}.${i}`);
    }
    if (existsSync(this.options.path)) out.push(this.options.path);
    return out;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already unusable: nothing more to release.
    }
    this.fd = undefined;
  }

  private open(incoming: number): number {
    const { path, maxBytes } = this.options;
    // The file was moved or removed behind our back: writing on would fill an unlinked inode.
    if (this.fd !== undefined && statSync(path, { throwIfNoEntry: false })?.ino !== this.inode) this.close();
    if (this.fd !== undefined && maxBytes > 0 && this.size > 0 && this.size + incoming > maxBytes)
      this.rotate();
    if (this.fd !== undefined) return this.fd;
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o640);
    this.fd = fd;
    const stat = fstatSync(fd);
    this.size = stat.size;
    this.inode = stat.ino;
    if (maxBytes > 0 && this.size > 0 && this.size + incoming > maxBytes) {
      this.rotate();
      return this.open(incoming);
    }
    return fd;
  }

  /** path -> path.1 -> ... -> path.<keep>; the oldest is removed. */
  private rotate(): void {
    this.close();
    const { path, keep } = this.options;
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--)
      if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    if (keep > 0) renameSync(path, `${path}.1`);
    else rmSync(path, { force: true });
    this.options.onRotate?.();
  }
}
