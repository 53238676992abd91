// The audit log survives a SIGKILL: the built server runs as a process, clients call a cheap tool
// as fast as they can, and the server is killed mid-stream. Every call whose answer a client
// received has exactly one complete line (matched by a per-call labelSelector, the audit record
// having no request id), and no line is torn: each parses as JSON and the file ends with a newline.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuditRecord } from '../../src/security/audit-log.service.js';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { connectClient } from '../helpers/mcp-app.js';
import { buildServer, CACHE, type PrivateBuild } from '../helpers/private-build.js';

/** Concurrent callers (each with its own session), so calls are in flight when the kill lands. */
const CALLERS = 4;
/** Answered calls before the kill. */
const KILL_AFTER = 400;

let build: PrivateBuild | undefined;
let work: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  build = buildServer();
  work = mkdtempSync(join(CACHE, 'k8s-mcp-e2e-sigkill-'));
}, 120_000);

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  build?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('every answered call has exactly one whole audit line after a SIGKILL mid-stream', async () => {
  const auditPath = join(work, 'audit', 'audit.log');
  child = spawn(process.execPath, [build!.mainJs, '--host', '127.0.0.1', '--port', '0'], {
    cwd: work,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      LOG_DIR: '',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      KUBECONFIG_PATH: testKubeconfigPath(),
      K8S_AUDIT_LOG_PATH: auditPath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child!.once('exit', (_c, signal) => done(signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /k8s-mcp listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child!.stdout!.on('data', check);
    child!.stderr!.on('data', check);
    check();
  });

  const clients = await Promise.all(Array.from({ length: CALLERS }, () => connectClient(url)));
  const answered = new Set<string>();
  let next = 0;
  let killed = false;
  let killedAt = 0;
  let failedAfterKill = 0;
  const started = Date.now();
  await Promise.all(
    clients.map(async (client) => {
      while (!killed) {
        const id = `c${next++}`;
        try {
          const result = (await client.callTool(
            { name: 'k8s-get-nodes', arguments: { labelSelector: `audit-probe=${id}` } },
            undefined,
            { timeout: 10_000 },
          )) as CallToolResult;
          if (killed) {
            // Answered after the kill: the bytes were on their way; it still must have its line.
            answered.add(id);
            continue;
          }
          expect(result.isError).toBeFalsy();
          answered.add(id);
          if (answered.size >= KILL_AFTER && !killed) {
            killed = true;
            killedAt = answered.size;
            child!.kill('SIGKILL');
          }
        } catch {
          if (!killed) throw new Error(`call ${id} failed before the kill:\n${out}`);
          failedAfterKill++;
        }
      }
    }),
  );
  expect(await exited).toBe('SIGKILL');
  const seconds = (Date.now() - started) / 1000;
  for (const c of clients) await c.close().catch(() => undefined);

  const text = readFileSync(auditPath, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').slice(0, -1);
  const records = lines.map((l, i) => {
    try {
      return JSON.parse(l) as AuditRecord;
    } catch {
      throw new Error(`audit line ${i + 1} is torn: ${l.slice(0, 200)}`);
    }
  });
  const perCall = new Map<string, number>();
  for (const r of records) {
    expect(r).toMatchObject({ tool: 'k8s-get-nodes', outcome: 'ok' });
    const id = /^audit-probe=(c\d+)$/.exec((r.arguments as { labelSelector: string }).labelSelector)?.[1];
    expect(id).toBeDefined();
    perCall.set(id!, (perCall.get(id!) ?? 0) + 1);
  }
  const missing = [...answered].filter((id) => perCall.get(id) !== 1);
  expect(missing).toEqual([]);
  // No call has two lines, answered or not.
  expect([...perCall.values()].every((n) => n === 1)).toBe(true);
  process.stderr.write(
    `[audit-sigkill] ${answered.size} answered calls (${killedAt} before the kill) in ${seconds.toFixed(1)} s, ` +
      `${records.length} audit lines, ${records.length - answered.size} lines of calls whose answer was lost, ` +
      `${failedAfterKill} calls failed by the kill, 0 torn\n`,
  );
}, 120_000);
