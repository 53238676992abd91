#!/usr/bin/env node
// Side by side with the two peers (issue 19): the same questions, about the same namespace of
// 1,000 KWOK pods, asked of this server and of kubernetes-mcp-server (Go) and mcp-server-kubernetes
// (TS), over stdio, interleaved: every repetition asks each question of every server in turn (the
// order rotating), so a load spike from the other users of these cores hits all three alike.
//
//   npm run bench:peers                   # build, install the pinned peers (once), run, clean up
//   node bench/peers/run.mjs --reps=15 --keep --no-http --out=bench/results/peers.json
//   node bench/peers/run.mjs --questions=pods,events --servers=k8s-mcp,go --no-startup --dump=DIR
//
// --questions and --servers ask a subset (ours is always asked: the ratios are to it); --no-startup
// skips the spawn → initialize samples; --dump writes one answer per server and question (its text
// and structuredContent) into DIR, to read what a model reads.
//
// Kubeconfig: $K8S_MCP_BENCH_KUBECONFIG, default .cluster/kubeconfig (npm run cluster:up). The
// namespace (bench-peers) is deleted at the end unless --keep. Prints a Markdown table on stdout and
// writes every sample to the JSON file. Every child process is killed on exit.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixture, deleteFixture } from './fixture.mjs';
import { measureCallsPerSecond, startHttp } from './http-load.mjs';
import { ensurePeersInstalled, PINS, serverSpecs } from './peers.mjs';
import { markdown, QUESTIONS as ALL_QUESTIONS, round, stats, summarise } from './report.mjs';
import { StdioClient } from './stdio-client.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const REPS = Number(opt('reps', '15'));
const WARMUP = 2; // rounds per server and question before measuring (connections, JIT, caches)
const HTTP_SECONDS = Number(opt('http-seconds', '5'));
const NAMESPACE = opt('namespace', 'bench-peers');
const OUT = path.resolve(ROOT, opt('out', 'bench/results/peers.json'));
const KEEP = argv.includes('--keep');
const HTTP = !argv.includes('--no-http');
const STARTUP = !argv.includes('--no-startup');
const DUMP = opt('dump', '') ? path.resolve(ROOT, opt('dump', '')) : '';
const listOpt = (name) =>
  opt(name, '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const ONLY_QUESTIONS = listOpt('questions');
const ONLY_SERVERS = listOpt('servers');
for (const q of ONLY_QUESTIONS)
  if (!ALL_QUESTIONS.some((x) => x.id === q))
    throw new Error(`--questions: unknown question ${q} (${ALL_QUESTIONS.map((x) => x.id).join(', ')})`);
const QUESTIONS = ONLY_QUESTIONS.length
  ? ALL_QUESTIONS.filter((q) => ONLY_QUESTIONS.includes(q.id))
  : ALL_QUESTIONS;
if (!Number.isInteger(REPS) || REPS < 1 || REPS > 1000)
  throw new Error(`--reps must be 1..1000, got ${REPS}`);

const log = (m) => process.stderr.write(`[bench peers] ${m}\n`);
const children = new Set();
const killAll = () => {
  for (const c of children) c.kill('SIGKILL');
};
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

// ---- answer measurements -------------------------------------------------------------------------

/** What one tools/call answer weighs and whether it answered: text bytes, structuredContent bytes. */
function measureAnswer(msg) {
  const r = msg.result;
  const text = (r?.content ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
  const out = {
    ok: Boolean(r) && !r.isError,
    textBytes: Buffer.byteLength(text),
    structuredBytes: r?.structuredContent ? Buffer.byteLength(JSON.stringify(r.structuredContent)) : 0,
    source: r?.structuredContent?.source,
  };
  const structured = r?.structuredContent;
  if (msg.error) out.error = `JSON-RPC ${msg.error.code}: ${String(msg.error.message).slice(0, 300)}`;
  else if (r?.isError) out.error = `isError: ${text.slice(0, 300)}`;
  return { ...out, text, structured };
}

/** How many of the expected names appear verbatim in the text: did the server say all the facts? */
function coverage(text, names) {
  const words = new Set(text.match(/[a-z0-9][-a-z0-9.]*[a-z0-9]/g) ?? []);
  return names.filter((n) => words.has(n)).length;
}

// ---- the run -------------------------------------------------------------------------------------

async function main() {
  const node = process.execPath;
  if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
    throw new Error('dist/main.js missing: run `npm run build`');
  const kubeconfig = path.resolve(ROOT, process.env.K8S_MCP_BENCH_KUBECONFIG || '.cluster/kubeconfig');
  if (!existsSync(kubeconfig))
    throw new Error(`${kubeconfig} missing: run \`npm run cluster:up\` or set K8S_MCP_BENCH_KUBECONFIG`);
  const peersDir = path.join(ROOT, '.bench-peers');
  const install = ensurePeersInstalled(peersDir, log);
  const allSpecs = serverSpecs({ root: ROOT, peersDir, node, kubeconfig });
  for (const id of ONLY_SERVERS)
    if (!allSpecs.some((s) => s.id === id))
      throw new Error(`--servers: unknown server ${id} (${allSpecs.map((s) => s.id).join(', ')})`);
  const specs = ONLY_SERVERS.length
    ? allSpecs.filter((s) => s.id === 'k8s-mcp' || ONLY_SERVERS.includes(s.id))
    : allSpecs;
  const k8s = await import('@kubernetes/client-node');

  log(`fixture: namespace ${NAMESPACE} on ${kubeconfig}`);
  const fx = await ensureFixture(k8s, kubeconfig, NAMESPACE, log);
  // After the fixture: its creation keeps the control plane busy for a while.
  const load = { before: os.loadavg().map((x) => round(x, 2)) };
  const q = { namespace: NAMESPACE, pod: fx.podNames[Math.floor(fx.podNames.length / 2)] };
  const expect = {
    pods: fx.podNames,
    events: fx.podNames,
    deployments: fx.deploymentNames,
    describe: [q.pod],
  };

  // A clean environment per server: no kubeconfig or K8S_* settings leak in from the caller.
  const baseEnv = { ...process.env, LOG_LEVEL: 'warn', LOG_DIR: '' };
  for (const k of Object.keys(baseEnv))
    if (k.startsWith('K8S_') || k.startsWith('KUBECONFIG')) delete baseEnv[k];
  const scratch = path.join(peersDir, 'run');
  mkdirSync(scratch, { recursive: true });
  const envOf = (s) => ({ ...baseEnv, K8S_AUDIT_LOG_PATH: path.join(scratch, 'audit.log'), ...s.env });
  const launch = (s) => new StdioClient({ ...s.stdio, env: envOf(s), cwd: scratch }, children);

  // Paths relative to the repository, so that the JSON names no machine's folders.
  const shown = (a) =>
    a === kubeconfig ? '<kubeconfig>' : a === node ? 'node' : path.isAbsolute(a) ? path.relative(ROOT, a) : a;

  // Long-lived sessions, one per server, for the questions; their tools/list is recorded.
  const sessions = new Map();
  const servers = {};
  for (const s of specs) {
    const c = launch(s);
    const init = await c.initialize();
    const list = await c.request('tools/list', {});
    const tools = list.msg.result?.tools ?? [];
    for (const qq of QUESTIONS) {
      const [tool] = s.ask[qq.id](q);
      if (!tools.some((t) => t.name === tool)) throw new Error(`${s.id} has no tool ${tool}`);
    }
    sessions.set(s.id, c);
    servers[s.id] = {
      label: s.label,
      version: s.version,
      serverInfo: init.serverInfo,
      env: s.env.KUBECONFIG ? { ...s.env, KUBECONFIG: '<bench kubeconfig>' } : s.env,
      command: [s.stdio.cmd, ...s.stdio.args].map(shown),
      tools: tools.length,
      tools_list_bytes: list.bytes,
      questions: Object.fromEntries(
        QUESTIONS.map((qq) => [qq.id, { tool: s.ask[qq.id](q)[0], args: s.ask[qq.id](q)[1] }]),
      ),
    };
  }

  const ask = async (s, qid) => {
    const [name, args] = s.ask[qid](q);
    try {
      const r = await sessions.get(s.id).request('tools/call', { name, arguments: args }, 120_000);
      return { ms: r.ms, ...measureAnswer(r.msg) };
    } catch (err) {
      return { ms: NaN, ok: false, textBytes: 0, structuredBytes: 0, error: String(err.message), text: '' };
    }
  };

  // Ours answers from its watch cache once each kind has synced: wait for that (bounded), so that
  // the samples are of the steady state a long session sees, not of the first seconds.
  const ours = specs.find((s) => s.id === 'k8s-mcp');
  for (const qid of ['pods', 'events', 'deployments']) {
    for (let i = 0; i < 120; i++) {
      const a = await ask(ours, qid);
      if (a.source === 'cache') break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  log(`warm-up: ${WARMUP} rounds`);
  for (let w = 0; w < WARMUP; w++) for (const qq of QUESTIONS) for (const s of specs) await ask(s, qq.id);

  const samples = {}; // samples[server][question] = [{ms, ok, textBytes, structuredBytes, error?}]
  const startup = Object.fromEntries(specs.map((s) => [s.id, []]));
  for (const s of specs) samples[s.id] = Object.fromEntries(QUESTIONS.map((qq) => [qq.id, []]));
  const facts = {};
  const t0 = Date.now();
  for (let rep = 0; rep < REPS; rep++) {
    const order = specs.map((_, i) => specs[(i + rep) % specs.length]);
    for (const qq of QUESTIONS) {
      for (const s of order) {
        const { text, structured, ...a } = await ask(s, qq.id);
        samples[s.id][qq.id].push(a);
        if (DUMP && rep === 0) {
          mkdirSync(DUMP, { recursive: true });
          writeFileSync(path.join(DUMP, `${s.id}.${qq.id}.txt`), text);
          if (structured)
            writeFileSync(path.join(DUMP, `${s.id}.${qq.id}.json`), JSON.stringify(structured, null, 1));
        }
        // Checked once per server and question: the answers do not change between repetitions.
        facts[s.id] ??= {};
        facts[s.id][qq.id] ??= `${coverage(text, expect[qq.id])}/${expect[qq.id].length}`;
      }
    }
    // A fresh process per server and repetition: spawn → initialize answer (written at once, so the
    // request waits in the pipe until the server reads stdin).
    for (const s of STARTUP ? order : []) {
      const c = launch(s);
      try {
        startup[s.id].push((await c.initialize(60_000)).spawnToInitMs);
      } catch (err) {
        log(`${s.id} start-up failed: ${err.message}`);
      } finally {
        await c.close();
      }
    }
    log(`repetition ${rep + 1}/${REPS} done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const rss = {};
  for (const [id, c] of sessions) {
    rss[id] = rssMiB(c.child.pid);
    await c.close();
  }

  let http;
  if (HTTP) {
    http = {};
    for (const s of specs.filter((x) => x.http)) {
      log(`HTTP: ${s.id}, ${HTTP_SECONDS} s of deployments calls over 16 sessions`);
      const srv = await startHttp(s, envOf(s), scratch, children);
      try {
        const [name, args] = s.ask.deployments(q);
        if (s.id === 'k8s-mcp') await waitCached(srv.url, name, args);
        const r = await measureCallsPerSecond(srv.url, name, args, HTTP_SECONDS);
        http[s.id] = {
          ...r,
          lat: undefined,
          calls_per_s: round(r.calls / r.seconds),
          latency_ms: stats(r.lat),
        };
      } catch (err) {
        http[s.id] = { error: String(err.message) };
      } finally {
        srv.child.kill('SIGTERM');
      }
    }
  }
  load.after = os.loadavg().map((x) => round(x, 2));

  const results = summarise({ specs, samples, startup, facts, servers, rss, questions: QUESTIONS });
  const report = {
    date: new Date().toISOString(),
    command: `node bench/peers/run.mjs ${argv.join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: load, node: process.version },
    pins: PINS,
    install,
    fixture: { ...fx, podNames: undefined, deploymentNames: undefined, pod_described: q.pod },
    reps: REPS,
    warmup_rounds: WARMUP,
    servers,
    results,
    http,
    samples,
    startup_samples_ms: startup,
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(markdown(report, specs, QUESTIONS) + '\n');
  log(`results: ${path.relative(ROOT, OUT)}`);

  if (!KEEP) {
    log(`deleting namespace ${NAMESPACE} (--keep to keep it)`);
    await deleteFixture(k8s, kubeconfig, NAMESPACE);
  }
}

/** Polls one call until our server says it answered from the cache (at most 30 s). */
async function waitCached(url, name, args) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const c = new Client({ name: 'k8s-mcp-bench-peers', version: '1' });
  await c.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    for (let i = 0; i < 120; i++) {
      const r = await c.callTool({ name, arguments: args });
      if (r.structuredContent?.source === 'cache') return;
      await new Promise((res) => setTimeout(res, 250));
    }
  } finally {
    await c.close();
  }
}

function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    log(`failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
