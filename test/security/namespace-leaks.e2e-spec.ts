// Nothing of a hidden namespace leaves the server. A canary namespace (random name) holds a
// Deployment and its pod, a ConfigMap, a Service and a Secret with a random value; a visible
// namespace holds the same and a RoleBinding whose subject points into the canary. The server runs
// in-process with the watch cache, once under a deny-list (the canary) and once under an
// allow-list (the visible namespace), and gets a generated corpus of hostile namespace and name
// strings (test/factories/hostile-names.ts) × every tool × every output format × `fresh`, every
// resource (templates filled with the strings) and every prompt. Then it asserts:
//
// - no canary name (namespace, object names) in any answer text, structured content, JSON-RPC
//   error, resource or prompt body — except an echo of the exact string the caller sent; the
//   Secret's value (and its base64) nowhere at all;
// - a call about the hidden namespace answers exactly as the same call about a namespace that does
//   not exist (the twin corpus), once the names are replaced;
// - no canary in any HTTP endpoint (/metrics*, /health*, /intelligent/*, …, with a token), in the
//   server's log lines, or in the audit log beyond the caller's own `arguments` (and echoes of them).
//
// npm test runs a fixed-seed sample (K8S_MCP_LEAK_SAMPLE calls per policy, plus every call without
// a hostile string); bench/leak-corpus.mjs runs the full product (K8S_MCP_LEAK_CORPUS=full).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, McpError, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { PinoNestLogger } from '../../src/common/logging/pino-logger.js';
import { K8sService } from '../../src/k8s/k8s.service.js';
import { InformerRegistry } from '../../src/sync/informer-registry.js';
import {
  type CorpusCall,
  leakCorpus,
  type Published,
  sampleIndices,
  type TargetNames,
  type VisibleNames,
} from '../factories/hostile-names.js';
import { deploymentManifest } from '../factories/manifests.js';
import {
  adminClients,
  applyManifest,
  createTestNamespace,
  deleteNamespace,
  testKubeconfigPath,
} from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { connectClient, type RunningApp, startApp, textOf } from '../helpers/mcp-app.js';

const FULL = process.env.K8S_MCP_LEAK_CORPUS === 'full';
const SAMPLE = Number(process.env.K8S_MCP_LEAK_SAMPLE ?? 600);
const SEED = Number(process.env.K8S_MCP_LEAK_SEED ?? 20261205);
const TOKEN = randomBytes(16).toString('hex');
const AUTH = { authorization: `Bearer ${TOKEN}` };
const hex = (n: number) => randomBytes(n).toString('hex');

/** Figures of one policy's run, printed at the end (docs/security.md quotes them). */
interface Figures {
  policy: string;
  corpus: number;
  requests: number;
  twins: number;
  routes: number;
  logLines: number;
  auditLines: number;
  appearances: number;
  seconds: number;
}
const figures: Figures[] = [];

/** What a client received for one request, as one string (text, structured content, error). */
async function send(client: Client, c: CorpusCall): Promise<{ text: string; structured: string }> {
  try {
    const result = await client.request({ method: c.method, params: c.params } as never, ResultSchema, {
      timeout: 60_000,
    });
    if (c.method === 'tools/call') {
      const r = result as CallToolResult;
      return {
        text: `${r.isError ? 'isError ' : ''}${textOf(r)}`,
        structured: JSON.stringify(r.structuredContent ?? null),
      };
    }
    return { text: JSON.stringify(result), structured: '' };
  } catch (err) {
    if (err instanceof McpError)
      return { text: `rpc ${err.code} ${err.message} ${JSON.stringify(err.data ?? null)}`, structured: '' };
    throw err;
  }
}

/** The strings the caller sent in one request: every string of its params, and the hostile one. */
function sentBy(c: CorpusCall): string[] {
  return c.hostile === undefined ? stringsIn(c.params) : [...stringsIn(c.params), c.hostile];
}

/** Every string in a JSON-like value (any depth). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** Pairs (canary string, twin string) at the same place of two calls that differ there. */
function differing(a: unknown, b: unknown): [string, string][] {
  const as = stringsIn(a);
  const bs = stringsIn(b);
  return as.map((s, i) => [s, bs[i]!] as [string, string]).filter(([x, y]) => x !== y);
}

/**
 * The forms in which an answer may echo a string the caller sent: as sent, trimmed (a refusal
 * quotes the value it parsed), JSON-escaped (once, or twice inside structured content), URI-coded.
 */
function echoForms(s: string): string[] {
  const forms = new Set([
    s,
    s.trim(),
    JSON.stringify(s).slice(1, -1),
    JSON.stringify(JSON.stringify(s).slice(1, -1)).slice(1, -1),
  ]);
  try {
    forms.add(decodeURIComponent(s));
  } catch {
    // Not valid percent-encoding: only the forms above can be echoed.
  }
  forms.add(encodeURIComponent(s));
  return [...forms].filter((f) => f !== '').sort((x, y) => y.length - x.length);
}

function replaceAll(text: string, from: string, to: string): string {
  return from === '' ? text : text.split(from).join(to);
}

describe('namespace leaks (canary namespace, hostile corpus, real cluster)', () => {
  let canaryNs: string;
  let visibleNs: string;
  let canary: TargetNames;
  let twin: TargetNames;
  let visible: VisibleNames;
  let secretValue: string;
  /** What must never appear: the canary's names (case-insensitive) and the Secret's value. */
  let canaryTokens: string[];

  beforeAll(async () => {
    canaryNs = await createTestNamespace('canary');
    visibleNs = await createTestNamespace('visible');
    secretValue = `s3cr3t-${hex(16)}`;
    const names = (prefix: string) => ({
      deployment: `${prefix}web-${hex(3)}`,
      configMap: `${prefix}settings-${hex(3)}`,
      service: `${prefix}api-${hex(3)}`,
      secret: `${prefix}token-${hex(3)}`,
    });
    const c = names('c');
    const v = names('v');
    const objects = (n: ReturnType<typeof names>, value: string) => `
${deploymentManifest(n.deployment, 1)}
---
apiVersion: v1
kind: ConfigMap
metadata: { name: ${n.configMap} }
data: { mode: fast }
---
apiVersion: v1
kind: Service
metadata: { name: ${n.service} }
spec: { selector: { app: ${n.deployment} }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Secret
metadata: { name: ${n.secret} }
stringData: { token: ${value} }
`;
    await applyManifest(objects(c, secretValue), canaryNs);
    await applyManifest(
      `${objects(v, 'visible-value')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${v.deployment}-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: default, namespace: ${canaryNs} }]
`,
      visibleNs,
    );
    const { core } = adminClients();
    const podOf = (ns: string) =>
      expectEventually(
        async () => {
          const pods = (await core.listNamespacedPod({ namespace: ns })).items;
          expect(pods.length).toBeGreaterThan(0);
          return pods[0]!.metadata!.name!;
        },
        { timeoutMs: 60_000, description: `a pod in ${ns}` },
      );
    const [, visiblePod] = await Promise.all([podOf(canaryNs), podOf(visibleNs)]);
    canary = { namespace: canaryNs, objects: [c.deployment, c.configMap, c.service, c.secret] };
    // Same shapes, nothing in the cluster: the answers for these are the "does not exist" answers.
    const t = names('c');
    twin = { namespace: `canary-${hex(4)}`, objects: [t.deployment, t.configMap, t.service, t.secret] };
    visible = { namespace: visibleNs, pod: visiblePod, ...v };
    canaryTokens = [canaryNs, ...canary.objects, secretValue, Buffer.from(secretValue).toString('base64')];
  }, 120_000);

  afterAll(async () => {
    if (canaryNs) await deleteNamespace(canaryNs);
    if (visibleNs) await deleteNamespace(visibleNs);
    if (figures.length) process.stderr.write(`[namespace-leaks] ${JSON.stringify(figures)}\n`);
  });

  /**
   * The canary strings in `text` once echoes of the caller's own canary-bearing strings are removed
   * (whole in any echo form, or the longest start of it that the text holds).
   */
  function canaryIn(text: string, sent: readonly string[] = []): string[] {
    let rest = text;
    const echoes = sent.filter((s) => canaryTokens.some((t) => s.toLowerCase().includes(t.toLowerCase())));
    for (const s of echoes) {
      for (const f of echoForms(s)) rest = replaceAll(rest, f, '<sent>');
      // A refusal may quote only the start of a long value ("got '<first 40 characters>'").
      for (let n = s.length - 1; n >= 16; n--)
        if (rest.includes(s.slice(0, n))) {
          rest = replaceAll(rest, s.slice(0, n), '<sent>');
          break;
        }
    }
    // Opaque-looking strings (continue tokens) are read decoded too: the API server's own token is
    // base64 JSON naming the last key it read.
    const decoded = (rest.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []).map((t) =>
      Buffer.from(t, 'base64').toString('latin1'),
    );
    const lower = [rest, ...decoded].join('\n').toLowerCase();
    return canaryTokens.filter((t) => lower.includes(t.toLowerCase()));
  }

  /** An answer with the names (and the strings that differ between a call and its twin) replaced. */
  function normalized(answer: string, pairs: [string, string][], own: TargetNames): string {
    let out = answer;
    pairs.forEach(([a, b], i) => {
      const mine = own === canary ? a : b;
      for (const f of echoForms(mine)) out = replaceAll(out, f, `<sent ${i}>`);
      // A refusal may quote only the start of a long value.
      for (let n = mine.length - 1; n >= 16; n--)
        if (out.includes(mine.slice(0, n))) {
          out = replaceAll(out, mine.slice(0, n), `<sent ${i}>`);
          break;
        }
    });
    out = replaceAll(out, own.namespace, '<namespace>');
    own.objects.forEach((o, i) => (out = replaceAll(out, o, `<object ${i}>`)));
    // Times, durations and the cache's resourceVersion differ between any two calls.
    return (
      out
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
        .replace(/"(\w*(?:Age|age|Seconds|Ms|ms))":\d+(\.\d+)?/g, '"$1":0')
        .replace(/\b\d+(\.\d+)?\s?(ms|s|m|h|d) ago\b/g, '<n> ago')
        // Other suites change the shared cluster between a call and its twin.
        .replace(/(resourceVersion"?:?\s?"?)\d+/g, '$1<rv>')
        // Page tokens are sealed with a fresh IV each time (and name a resourceVersion inside).
        .replace(/(continue[^A-Za-z0-9_-]{1,6})[A-Za-z0-9_:-]{16,}/g, '$1<token>')
    );
  }

  // The detector itself: with no policy the same checks find the canary, so a pass above is not
  // a check that looks in the wrong place.
  it('finds the canary when no policy hides it', async () => {
    const sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath(), K8S_NAMESPACE: visibleNs });
    const client = await connectClient(sut.url);
    try {
      const answers = await Promise.all(
        [
          { name: 'k8s-get-pods', arguments: { namespace: 'all', fresh: true, output: 'name' } },
          { name: 'k8s-list-resources', arguments: { kind: 'Secret', namespace: canaryNs, fresh: true } },
          {
            name: 'k8s-get-resource',
            arguments: {
              kind: 'RoleBinding',
              namespace: visibleNs,
              name: `${visible.deployment}-reader`,
              fresh: true,
            },
          },
        ].map((params) => send(client, { method: 'tools/call', params, label: params.name })),
      );
      expect(canaryIn(answers[0]!.text)).toEqual(expect.arrayContaining([canary.objects[0]]));
      expect(canaryIn(answers[1]!.text)).toEqual(expect.arrayContaining([canaryNs, canary.objects[3]]));
      expect(canaryIn(answers[2]!.text)).toEqual([canaryNs]);
      // ... also inside an API server continue token handed on as it came.
      const apiToken = Buffer.from(
        JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: `/${canaryNs}\u0000` }),
      );
      expect(canaryIn(`continue="${apiToken.toString('base64url')}"`)).toEqual([canaryNs]);
    } finally {
      await client.close();
      await sut.close();
    }
  });

  describe.each([
    ['deny-list', () => ({ K8S_FORBIDDEN_NAMESPACES: canaryNs })],
    ['allow-list', () => ({ K8S_ALLOWED_NAMESPACES: visibleNs })],
  ])('under a %s', (policy, env) => {
    let sut: RunningApp;
    let client: Client;
    let logDir: string;
    let logPath: string;

    beforeAll(async () => {
      logDir = mkdtempSync(join(tmpdir(), 'k8s-mcp-leaks-'));
      logPath = join(logDir, 'app.log');
      // The server's own log lines, at the most verbose level, through the adapter main.ts uses.
      const logger = new PinoNestLogger(
        pino({ level: 'trace' }, pino.destination({ dest: logPath, sync: true })),
      );
      sut = await startApp(
        {
          KUBECONFIG_PATH: testKubeconfigPath(),
          K8S_NAMESPACE: visibleNs,
          K8S_MCP_AUTH_TOKENS: `leaks:${TOKEN}`,
          ...env(),
        },
        { logger },
      );
      await sut.app.get(K8sService).probe();
      const registry = sut.app.get(InformerRegistry);
      registry.start();
      await registry.ready();
      client = await connectClient(sut.url, AUTH);
    }, 120_000);

    afterAll(async () => {
      await client?.close();
      await sut?.close();
      if (logDir) rmSync(logDir, { recursive: true, force: true });
    });

    it(
      'no canary name or value in any answer, and the hidden namespace answers as a missing one',
      async () => {
        const started = Date.now();
        const [{ tools }, { resources }, { resourceTemplates }, { prompts }] = await Promise.all([
          client.listTools(),
          client.listResources(),
          client.listResourceTemplates(),
          client.listPrompts(),
        ]);
        const published: Published = {
          tools,
          resources: resources.map((r) => r.uri),
          templates: resourceTemplates.map((t) => t.uriTemplate),
          prompts,
        };
        // The listings themselves first.
        expect(canaryIn(JSON.stringify({ tools, resources, resourceTemplates, prompts }))).toEqual([]);
        const corpus = leakCorpus(published, canary, visible);
        const twins = leakCorpus(published, twin, visible);
        expect(twins).toHaveLength(corpus.length);
        const indices = FULL
          ? corpus.map((_, i) => i)
          : sampleIndices(
              corpus.length,
              SAMPLE,
              SEED,
              corpus.flatMap((c, i) => (c.base ? [i] : [])),
            );
        /** Every request in the order it was sent (the audit log has one line each, in this order). */
        const sent: CorpusCall[] = [];
        const leaks: string[] = [];
        const mismatches: string[] = [];
        let twinCalls = 0;
        for (const [done, i] of indices.entries()) {
          if (FULL && done % 5000 === 0)
            process.stderr.write(
              `[namespace-leaks] ${policy}: ${done}/${indices.length} calls, ${Math.round((Date.now() - started) / 1000)} s\n`,
            );
          const c = corpus[i]!;
          const strings = sentBy(c);
          const answer = await send(client, c);
          sent.push(c);
          const found = canaryIn(`${answer.text}\n${answer.structured}`, strings);
          if (found.length) leaks.push(`${c.label}: ${found.join(', ')} in ${answer.text.slice(0, 400)}`);
          const pairs = differing(c.params, twins[i]!.params);
          if (pairs.length === 0) continue;
          const other = await send(client, twins[i]!);
          sent.push(twins[i]!);
          twinCalls++;
          const mine = normalized(`${answer.text}\n${answer.structured}`, pairs, canary);
          const theirs = normalized(`${other.text}\n${other.structured}`, pairs, twin);
          if (mine !== theirs)
            mismatches.push(
              `${c.label}:\n  hidden:  ${mine.slice(0, 400)}\n  missing: ${theirs.slice(0, 400)}`,
            );
        }
        expect(leaks.slice(0, 20)).toEqual([]);
        expect(mismatches.slice(0, 20)).toEqual([]);

        // The audit log: one line per request, in order; nothing of the canary beyond the caller's own strings.
        const audit = await sut.audit();
        expect(audit).toHaveLength(sent.length);
        const auditLeaks: string[] = [];
        audit.forEach((record, j) => {
          const { arguments: _args, ...rest } = record;
          const found = canaryIn(JSON.stringify(rest), sentBy(sent[j]!));
          if (found.length)
            auditLeaks.push(`${sent[j]!.label}: ${found.join(', ')} in ${JSON.stringify(rest)}`);
          // The value is never sent by a caller: not even `arguments` may hold it.
          if (JSON.stringify(record).includes(secretValue))
            auditLeaks.push(`${sent[j]!.label}: secret value`);
        });
        expect(auditLeaks.slice(0, 20)).toEqual([]);

        figures.push({
          policy,
          corpus: corpus.length,
          requests: sent.length,
          twins: twinCalls,
          routes: 0,
          logLines: 0,
          auditLines: audit.length,
          appearances: leaks.length + mismatches.length + auditLeaks.length,
          seconds: Math.round((Date.now() - started) / 1000),
        });
      },
      FULL ? 3_600_000 : 240_000,
    );

    it('no canary in any HTTP endpoint or log line', async () => {
      // Every GET route Fastify serves but the MCP streams, with the token.
      const tree = sut.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
      const routes = new Set<string>();
      for (const line of tree.split('\n')) {
        const m = /(\/\S*) \(([A-Z, ]+)\)/.exec(line);
        if (m && m[2]!.split(', ').includes('GET') && !['/mcp', '/sse'].includes(m[1]!)) routes.add(m[1]!);
      }
      expect(routes.size).toBeGreaterThan(5);
      const leaks: string[] = [];
      for (const route of routes) {
        const path = route.replace(/:\w+/g, 'x');
        const res = await fetch(`${sut.url}${path}`, { headers: AUTH });
        const body = await res.text();
        const found = canaryIn(body);
        if (found.length) leaks.push(`GET ${path} (${res.status}): ${found.join(', ')}`);
      }
      expect(leaks).toEqual([]);
      const log = readFileSync(logPath, 'utf8');
      const lines = log.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((l) => canaryIn(l).length > 0).slice(0, 10)).toEqual([]);
      const f = figures.find((x) => x.policy === policy);
      if (f) Object.assign(f, { routes: routes.size, logLines: lines.length });
    });
  });
});
