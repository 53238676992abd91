import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigValidationError, loadConfig } from '../config/config.loader.js';
import { type AuditFilter, auditFiles, matches, parseTime, readAuditPage } from './audit-reader.js';

/** Exit codes: 0 done, 1 no audit log to read, 2 the command line or the configuration is wrong. */
const EXIT_NO_LOG = 1;
const EXIT_USAGE = 2;

/** Lines read per step when every line is wanted (--lines 0). */
const STEP = 1000;

/** What the command needs from its process: output, the environment, and a way to stop --follow. */
export interface AuditCliIo {
  /** Standard output: the matching lines, each ending in \n. */
  out(text: string): void;
  /** Standard error: usage errors and problems. */
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Stops --follow (Ctrl-C in the terminal). */
  readonly signal?: AbortSignal;
  /** How often --follow looks for new lines, ms. */
  readonly pollMs?: number;
}

/** The parsed command line. */
export interface AuditCliOptions {
  readonly since?: number;
  readonly until?: number;
  readonly tool?: string;
  readonly outcome?: string;
  readonly identity?: string;
  readonly namespace?: string;
  readonly text?: string;
  readonly lines: number;
  readonly follow?: boolean;
  readonly file?: string;
  readonly dotenv?: string;
}

function timeOption(value: string): number {
  const t = parseTime(value);
  if (t === undefined) throw new InvalidArgumentError('not a time (e.g. 90s, 15m, 1h, 2d or an ISO date).');
  return t;
}

function countOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('not a count (0 or more; 0: every matching line).');
  return n;
}

function command(out: string[]): Command {
  return new Command('k8s-mcp audit')
    .description(
      "Print the audit log's lines that match, oldest first, as JSON lines exactly as in the file (pipe them to jq).\n" +
        'The file, and its rotated files, come from K8S_AUDIT_LOG_PATH and K8S_AUDIT_KEEP_FILES (environment or .env), as for the server.',
    )
    .option('--since <time>', 'only lines at or after (90s, 15m, 1h, 2d or an ISO date)', timeOption)
    .option('--until <time>', 'only lines at or before', timeOption)
    .option('--tool <name>', 'only calls of this tool (or resource URI, prompt name)')
    .addOption(
      new Option('--outcome <outcome>', 'only this outcome').choices(['ok', 'error', 'denied', 'invalid']),
    )
    .option('--identity <name>', 'only calls of this caller (the token name, as in the identity field)')
    .option('--namespace <name>', 'only calls that named this namespace')
    .option('--text <text>', 'only lines containing this text (any case)')
    .option('-n, --lines <count>', 'the newest this many matching lines (0: all)', countOption, 100)
    .option('-f, --follow', 'then print matching lines as they are written, until Ctrl-C')
    .option('--file <path>', 'read this file only (default: K8S_AUDIT_LOG_PATH and its rotated files)')
    .option('--dotenv <path>', '.env file to read the settings from (default: ./.env when present)')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
}

/** Parses the arguments after `audit`: options, or help text / a usage error to print. */
export function parseAuditArgs(
  args: readonly string[],
): { ok: true; options: AuditCliOptions } | { ok: false; code: number; output: string } {
  const out: string[] = [];
  const cmd = command(out);
  try {
    cmd.parse([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      const help = err.code === 'commander.helpDisplayed' || err.code === 'commander.help';
      return {
        ok: false,
        code: help ? 0 : EXIT_USAGE,
        output: help ? out.join('') : `k8s-mcp audit: ${err.message.replace(/^error: /, '')} (see --help)\n`,
      };
    }
    throw err;
  }
  return { ok: true, options: cmd.opts<AuditCliOptions>() };
}

/** The filter the options describe (the one the console's audit page uses). */
export function filterOf(o: AuditCliOptions): AuditFilter {
  return {
    since: o.since,
    until: o.until,
    tool: o.tool,
    outcome: o.outcome,
    identity: o.identity,
    namespace: o.namespace,
    text: o.text,
  };
}

/**
 * The newest `count` matching lines (0: all), oldest first. Reads the files backwards by chunks
 * as the console does, and stops at the first line older than --since, so a large log is never
 * read further than the answer needs.
 */
export function newestLines(files: readonly string[], filter: AuditFilter, count: number): string[] {
  const newest: string[] = [];
  let cursor: string | undefined;
  do {
    const limit = count === 0 ? STEP : count - newest.length;
    const page = readAuditPage(files, filter, { cursor, limit });
    newest.push(...page.lines);
    cursor = page.next;
  } while (cursor && (count === 0 || newest.length < count));
  return newest.reverse();
}

/** `k8s-mcp audit …`. Returns the exit code. */
export async function runAuditCli(args: readonly string[], io: AuditCliIo): Promise<number> {
  const parsed = parseAuditArgs(args);
  if (!parsed.ok) {
    (parsed.code === 0 ? io.out : io.err)(parsed.output);
    return parsed.code;
  }
  const o = parsed.options;
  if (o.since !== undefined && o.until !== undefined && o.until < o.since) {
    io.err('k8s-mcp audit: --until is before --since: no line can match\n');
    return EXIT_USAGE;
  }
  let path: string;
  let keep: number;
  if (o.file) {
    path = o.file;
    keep = 0;
  } else {
    try {
      const config = loadConfig({ env: io.env, envFile: o.dotenv, cwd: io.cwd });
      path = config.K8S_AUDIT_LOG_PATH;
      keep = config.K8S_AUDIT_KEEP_FILES;
    } catch (err) {
      if (err instanceof ConfigValidationError) {
        io.err(`k8s-mcp audit: invalid configuration\n${err.problems.join('\n')}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
  }
  const files = auditFiles(path, keep);
  const present = files.filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  if (present.length === 0 && !o.follow) {
    io.err(
      `k8s-mcp audit: no audit log at ${path}${o.file ? '' : ' (K8S_AUDIT_LOG_PATH)'}; --follow waits for it\n`,
    );
    return EXIT_NO_LOG;
  }
  const filter = filterOf(o);
  // The size before reading: --follow starts there, so no line is printed twice or lost.
  const startSize = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  for (const line of newestLines(files, filter, o.lines)) io.out(`${line}\n`);
  if (o.follow) await follow(path, startSize, filter, io);
  return 0;
}

/**
 * Prints the matching lines appended after `offset` until aborted or past --until. A rotation
 * (the file renamed to <path>.1 and a new one begun) is followed: the rest of the old file is read
 * from <path>.1 first, then the new file from its start.
 */
async function follow(path: string, offset: number, filter: AuditFilter, io: AuditCliIo): Promise<void> {
  let ino = statSync(path, { throwIfNoEntry: false })?.ino;
  let pos = offset;
  let partial = '';
  const poll = io.pollMs ?? 500;
  const emit = (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() && matches(line, filter)) io.out(`${line}\n`);
  };
  const readFrom = (file: string, from: number): number => {
    const fd = openSync(file, 'r');
    try {
      const size = statSync(file).size;
      if (size <= from) return from;
      const buf = Buffer.alloc(size - from);
      const n = readSync(fd, buf, 0, buf.length, from);
      emit(buf.subarray(0, n).toString('utf8'));
      return from + n;
    } finally {
      closeSync(fd);
    }
  };
  while (!io.signal?.aborted) {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st && st.ino !== ino) {
      // Rotated: what was written to the old file since the last look is in <path>.1 now.
      const old = statSync(`${path}.1`, { throwIfNoEntry: false });
      if (ino !== undefined && old?.ino === ino) readFrom(`${path}.1`, pos);
      ino = st.ino;
      pos = 0;
      partial = '';
    } else if (st && st.size < pos) {
      // Truncated in place: start again from the top.
      pos = 0;
      partial = '';
    }
    if (st) pos = readFrom(path, pos);
    if (filter.until !== undefined && Date.now() > filter.until) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, poll);
      io.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
  }
}

/** Entry from main.ts: real stdout/stderr, Ctrl-C ends --follow cleanly. */
export async function auditCliMain(args: readonly string[]): Promise<number> {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  // `k8s-mcp audit | head`: the reader went away; that is the end, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return runAuditCli(args, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    signal: stop.signal,
  });
}
