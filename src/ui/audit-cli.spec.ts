import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterOf, newestLines, parseAuditArgs, runAuditCli } from './audit-cli.js';
import { auditFiles, readAuditPage } from './audit-reader.js';

/** One audit line as AuditLog writes it (time first), `i` minutes after 10:00 on 2026-01-01. */
const line = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    time: new Date(Date.UTC(2026, 0, 1, 10, i)).toISOString(),
    transport: 'streamable-http',
    identity: i % 2 ? 'alice' : 'bob',
    tool: i % 3 ? 'k8s-get-pods' : 'k8s-scale-deployment',
    arguments: { namespace: i % 4 ? 'shop' : 'ops' },
    namespaces: [i % 4 ? 'shop' : 'ops'],
    outcome: i % 5 === 0 ? 'denied' : 'ok',
    durationMs: 1,
    responseBytes: 10,
    ...extra,
  });

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'audit-cli-'));
}

function logOf(lines: string[]): string {
  const path = join(dir(), 'audit.log');
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
}

/** Runs the command; `env` stands for the server's configuration. */
async function run(args: string[], env: Record<string, string> = {}, extra: { signal?: AbortSignal } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditCli(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env,
    cwd: dir(),
    pollMs: 20,
    ...extra,
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('k8s-mcp audit: arguments', () => {
  it('turns the options into the filter the console uses', () => {
    const parsed = parseAuditArgs([
      '--since',
      '2026-01-01T10:30:00Z',
      '--tool',
      'k8s-get-pods',
      '--outcome',
      'denied',
      '--identity',
      'alice',
      '--namespace',
      'shop',
      '--text',
      'Pods',
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(filterOf(parsed.options)).toEqual({
      since: Date.UTC(2026, 0, 1, 10, 30),
      until: undefined,
      tool: 'k8s-get-pods',
      outcome: 'denied',
      identity: 'alice',
      namespace: 'shop',
      text: 'Pods',
    });
    expect(parsed.options.lines).toBe(100);
  });

  it('reads --since as a relative time', () => {
    const before = Date.now();
    const parsed = parseAuditArgs(['--since', '1h']);
    if (!parsed.ok) throw new Error(parsed.output);
    expect(parsed.options.since).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(parsed.options.since).toBeLessThanOrEqual(Date.now() - 3_600_000);
  });

  it.each([
    [['--since', 'yesterday'], "option '--since <time>' argument 'yesterday' is invalid. not a time"],
    [
      ['--outcome', 'refused'],
      "argument 'refused' is invalid. Allowed choices are ok, error, denied, invalid",
    ],
    [['--lines', '-3'], 'not a count'],
    [['--lines', '2.5'], 'not a count'],
    [['--colour'], "unknown option '--colour'"],
    [['pods'], 'too many arguments'],
    [['--tool'], "option '--tool <name>' argument missing"],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toMatch(/^k8s-mcp audit: .*\(see --help\)\n$/s);
  });

  it('prints its help on stdout with exit code 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: k8s-mcp audit [options]');
    for (const o of ['--since', '--tool', '--outcome', '--identity', '--follow', '--file'])
      expect(r.out).toContain(o);
  });

  it('refuses --until before --since', async () => {
    const r = await run(['--since', '2026-01-02T00:00:00Z', '--until', '2026-01-01T00:00:00Z']);
    expect(r).toMatchObject({ code: 2, err: expect.stringContaining('--until is before --since') });
  });
});

describe('k8s-mcp audit: reading', () => {
  const all = Array.from({ length: 60 }, (_, i) => line(i));

  it('prints exactly the matching lines, oldest first, as in the file', async () => {
    const path = logOf(all);
    const r = await run(['--file', path, '--outcome', 'denied', '--identity', 'alice', '-n', '0']);
    const want = all.filter((l) => {
      const o = JSON.parse(l) as { outcome: string; identity: string };
      return o.outcome === 'denied' && o.identity === 'alice';
    });
    expect(want.length).toBeGreaterThan(3);
    expect(r).toEqual({ code: 0, out: want.map((l) => `${l}\n`).join(''), err: '' });
  });

  it('keeps the newest --lines lines and honours --since, --until, --tool, --namespace and --text', async () => {
    const path = logOf(all);
    const tail = await run(['--file', path, '-n', '3']);
    expect(tail.out).toBe(all.slice(-3).join('\n') + '\n');
    const window = await run([
      '--file',
      path,
      '--since',
      '2026-01-01T10:10:00Z',
      '--until',
      '2026-01-01T10:20:00Z',
      '-n',
      '0',
    ]);
    expect(window.out).toBe(all.slice(10, 21).join('\n') + '\n');
    const tool = await run([
      '--file',
      path,
      '--tool',
      'k8s-scale-deployment',
      '--namespace',
      'ops',
      '-n',
      '0',
    ]);
    expect(tool.out.trim().split('\n')).toEqual(all.filter((_, i) => i % 3 === 0 && i % 4 === 0));
    const text = await run(['--file', path, '--text', 'K8S-SCALE', '-n', '2']);
    expect(text.out.trim().split('\n')).toEqual([all[54], all[57]]);
  });

  it('stops reading at the first line older than --since', () => {
    const path = logOf(Array.from({ length: 2000 }, (_, i) => line(i % 60, { pad: 'x'.repeat(200) })).sort());
    const since = Date.UTC(2026, 0, 1, 10, 59);
    const page = readAuditPage([path], { since }, { limit: 10_000 });
    expect(page.lines.length).toBeGreaterThan(0);
    expect(page.next).toBeUndefined();
    // The last minute only: a small part of the file was read.
    expect(page.scannedBytes).toBeLessThan(200 * 1024);
    expect(newestLines([path], { since }, 0)).toHaveLength(page.lines.length);
  });

  it('reads the rotated files too, oldest first, from the configured path', async () => {
    const folder = dir();
    const path = join(folder, 'audit.log');
    writeFileSync(`${path}.2`, all.slice(0, 20).join('\n') + '\n');
    writeFileSync(`${path}.1`, all.slice(20, 40).join('\n') + '\n');
    writeFileSync(path, all.slice(40).join('\n') + '\n');
    const r = await run(['-n', '0'], { K8S_AUDIT_LOG_PATH: path, K8S_AUDIT_KEEP_FILES: '2' });
    expect(r.out).toBe(all.join('\n') + '\n');
    // K8S_AUDIT_KEEP_FILES=1: the server keeps (and the command reads) one rotated file.
    const one = await run(['-n', '0'], { K8S_AUDIT_LOG_PATH: path, K8S_AUDIT_KEEP_FILES: '1' });
    expect(one.out).toBe(all.slice(20).join('\n') + '\n');
    expect(auditFiles(path, 2)).toEqual([path, `${path}.1`, `${path}.2`]);
  });

  it('says where it looked when there is no audit log (exit 1)', async () => {
    const path = join(dir(), 'missing', 'audit.log');
    const r = await run([], { K8S_AUDIT_LOG_PATH: path });
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `k8s-mcp audit: no audit log at ${path} (K8S_AUDIT_LOG_PATH); --follow waits for it\n`,
    });
  });

  it('lists every configuration problem (exit 2)', async () => {
    const r = await run([], { K8S_AUDIT_KEEP_FILES: 'many' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^k8s-mcp audit: invalid configuration\n.*K8S_AUDIT_KEEP_FILES/s);
  });
});

describe('k8s-mcp audit --follow', () => {
  it('prints what is appended, across a rotation, until stopped', async () => {
    const folder = dir();
    const path = join(folder, 'audit.log');
    writeFileSync(path, [line(0), line(5)].join('\n') + '\n');
    const stop = new AbortController();
    const out: string[] = [];
    const done = runAuditCli(['--file', path, '--follow', '--outcome', 'denied'], {
      out: (s) => out.push(s),
      err: (s) => out.push(`ERR ${s}`),
      env: {},
      cwd: folder,
      pollMs: 10,
      signal: stop.signal,
    });
    const waitFor = async (n: number) => {
      for (let i = 0; i < 300 && out.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      expect(out).toHaveLength(n);
    };
    await waitFor(2);
    appendFileSync(path, `${line(7)}\n${line(10)}\n`);
    await waitFor(3);
    // A line written in two parts is printed once whole.
    const split = line(15);
    appendFileSync(path, split.slice(0, 40));
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toHaveLength(3);
    appendFileSync(path, `${split.slice(40)}\n${line(20)}\n`);
    // Rotated right after: line 25 is only in audit.log.1 when the command looks again.
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, `${line(25)}\n`);
    writeFileSync(path, `${line(30)}\n${line(31)}\n`);
    await waitFor(7);
    stop.abort();
    expect(await done).toBe(0);
    expect(out.join('')).toBe([0, 5, 10, 15, 20, 25, 30].map((i) => `${line(i)}\n`).join(''));
  });
});
