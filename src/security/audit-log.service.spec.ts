import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/config.loader.js';
import { AuditLog, type AuditRecord, MAX_LINE_BYTES, serialize } from './audit-log.service.js';

const record = (n: number, args: unknown = { n }): AuditRecord => ({
  time: new Date(0).toISOString(),
  transport: 'streamable-http',
  tool: 'k8s-get-pods',
  arguments: args,
  namespaces: ['default'],
  outcome: 'ok',
  durationMs: 1,
  responseBytes: 2,
});

describe(AuditLog.name, () => {
  let dir: string;
  const configOf = (env: Record<string, string>): AppConfig =>
    loadConfig({ env: { K8S_AUDIT_LOG_PATH: join(dir, 'audit.log'), ...env }, cwd: dir });
  const lines = (file = 'audit.log') =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord);

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has the line in the file when write() returns (no flush, no await)', () => {
    const sut = new AuditLog(configOf({}));
    for (let i = 0; i < 50; i++) expect(sut.write(record(i))).toEqual({ ok: true });
    expect(lines().map((r) => (r.arguments as { n: number }).n)).toEqual([...Array(50).keys()]);
    sut.onApplicationShutdown();
  });

  it('cuts a huge line to MAX_LINE_BYTES with a marker, still one valid JSON line', () => {
    const many = Object.fromEntries([...Array(20_000).keys()].map((i) => [`k${i}`, 'v'.repeat(20)]));
    const line = serialize(record(1, many));
    expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
    const parsed = JSON.parse(line) as AuditRecord & { arguments: { truncated: boolean; bytes: number } };
    expect(parsed).toMatchObject({ truncated: true, tool: 'k8s-get-pods', arguments: { truncated: true } });
    expect(parsed.arguments.bytes).toBeGreaterThan(500_000);
    const hugeTool = serialize({ ...record(1, many), tool: 'x'.repeat(100_000) });
    expect(Buffer.byteLength(hugeTool)).toBeLessThan(MAX_LINE_BYTES);
    expect(JSON.parse(hugeTool)).toMatchObject({ truncated: true });
    // A resource read names its URI twice (tool and arguments): the cut line still says what was asked.
    const uri = `k8s://namespaces/${'%C3%BC'.repeat(20_000)}/summary`;
    const hugeUri = serialize({ ...record(1, { uri }), method: 'resources/read', tool: uri });
    expect(JSON.parse(hugeUri)).toMatchObject({ truncated: true, method: 'resources/read' });
    expect(serialize(record(1))).not.toContain('truncated');
  });

  it('keeps the person on a line cut to its minimum, each field bounded', () => {
    const person = {
      issuer: 'https://idp',
      subject: 'u-1',
      username: 'alice',
      groups: ['team-a'],
      tokenId: 'j1',
    };
    const many = Object.fromEntries([...Array(20_000).keys()].map((i) => [`k${i}`, 'v'.repeat(20)]));
    const hugeTool = serialize({ ...record(1, many), tool: 'x'.repeat(100_000), person });
    expect(JSON.parse(hugeTool)).toMatchObject({ truncated: true, person });
    const crowded = { ...person, groups: [...Array(5_000).keys()].map((i) => `group-${i}`) };
    const line = serialize({ ...record(1, many), tool: 'x'.repeat(100_000), person: crowded });
    expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
    expect((JSON.parse(line) as AuditRecord).person).toMatchObject({ username: 'alice', subject: 'u-1' });
  });

  it('rotates by size and keeps K8S_AUDIT_KEEP_FILES files', () => {
    const sut = new AuditLog(configOf({ K8S_AUDIT_MAX_FILE_MB: '1', K8S_AUDIT_KEEP_FILES: '2' }));
    const big = { pad: 'x'.repeat(10_000) };
    for (let i = 0; i < 400; i++) expect(sut.write(record(i, { ...big, i })).ok).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    const all = [...lines('audit.log.2'), ...lines('audit.log.1'), ...lines()];
    const kept = all.map((r) => (r.arguments as { i: number }).i);
    // The newest lines, in order, none torn, none twice.
    expect(kept).toEqual([...Array(kept.length).keys()].map((k) => 400 - kept.length + k));
    for (const f of ['audit.log', 'audit.log.1'])
      expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1024 * 1024);
    sut.onApplicationShutdown();
  });

  it('reports a failed write, fails closed by default, and recovers once the path works', () => {
    writeFileSync(join(dir, 'blocker'), '');
    const config = configOf({ K8S_AUDIT_LOG_PATH: join(dir, 'blocker', 'audit.log') });
    const sut = new AuditLog(config);
    expect(sut.failClosed).toBe(true);
    const result = sut.write(record(1));
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/blocker\/audit.log: (EEXIST|ENOTDIR)/),
    });
    expect(sut.writable()).toBe(false);
    // A read-only call gets the short answer only while the file is open and the last write worked.
    expect(sut.writable(true)).toBe(false);
    rmSync(join(dir, 'blocker'));
    expect(sut.write(record(2))).toEqual({ ok: true });
    expect(sut.writable()).toBe(true);
    // Open and working: no syscall, whatever the folder looks like now.
    renameSync(join(dir, 'blocker'), join(dir, 'moved'));
    writeFileSync(join(dir, 'blocker'), '');
    expect(sut.writable(true)).toBe(true);
    expect(sut.writable()).toBe(false);
    expect(new AuditLog(configOf({ K8S_AUDIT_FAIL_OPEN: 'true' })).failClosed).toBe(false);
  });

  it('reopens the file when it was removed behind its back', () => {
    const sut = new AuditLog(configOf({}));
    sut.write(record(1));
    rmSync(join(dir, 'audit.log'));
    sut.write(record(2));
    expect(lines().map((r) => (r.arguments as { n: number }).n)).toEqual([2]);
  });
});
