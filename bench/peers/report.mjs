// Summaries and the Markdown table of the side-by-side bench. Ratios are to this server's median
// in the same run: on a shared, loaded machine the absolute figures move between runs, the ratios
// much less (every server saw the same load, interleaved).
import { POD_COUNT } from './fixture.mjs';

export const QUESTIONS = [
  { id: 'pods', title: `all ${POD_COUNT.toLocaleString('en')} pods of a namespace` },
  { id: 'events', title: 'events of that namespace' },
  { id: 'deployments', title: 'deployments of a namespace' },
  { id: 'describe', title: 'describe one pod' },
];

export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export function stats(samples) {
  const s = samples.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return {
    n: s.length,
    p50: round(q(0.5), 2),
    p90: round(q(0.9), 2),
    p99: round(q(0.99), 2),
    max: round(s.at(-1), 2),
  };
}

const median = (xs) => stats(xs)?.p50;

/** Per server and question: latency of the answers, their weight, how many failed and why. */
export function summarise({ specs, samples, startup, facts, servers, rss, questions = QUESTIONS }) {
  const out = {};
  for (const s of specs) {
    out[s.id] = { startup_ms: stats(startup[s.id]), rss_mib: rss[s.id] };
    for (const q of questions) {
      const all = samples[s.id][q.id];
      const ok = all.filter((a) => a.ok);
      const failed = all.filter((a) => !a.ok);
      out[s.id][q.id] = {
        ...servers[s.id].questions[q.id],
        ok: ok.length,
        failed: failed.length,
        // Failing calls are timed too: how long a model waits to learn that it got nothing.
        latency_ms: stats((ok.length ? ok : failed).map((a) => a.ms)),
        text_bytes: median(ok.map((a) => a.textBytes)),
        structured_bytes: median(ok.map((a) => a.structuredBytes)),
        sources: ok.some((a) => a.source) ? countBy(ok.map((a) => a.source)) : undefined,
        names_found_in_text: facts[s.id]?.[q.id],
        error: failed[0]?.error,
      };
    }
  }
  const ours = out['k8s-mcp'];
  for (const s of specs) {
    const r = out[s.id];
    if (r.startup_ms && ours.startup_ms) r.startup_ratio = round(r.startup_ms.p50 / ours.startup_ms.p50, 2);
    for (const q of questions) {
      const a = r[q.id];
      const base = ours[q.id];
      if (a.ok && base.ok) {
        a.ratio_median = round(a.latency_ms.p50 / base.latency_ms.p50, 2);
        a.ratio_text_bytes = base.text_bytes ? round(a.text_bytes / base.text_bytes, 2) : undefined;
      }
    }
  }
  return out;
}

const countBy = (xs) => xs.reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

const ms = (x) =>
  x >= 1000 ? `${round(x / 1000, 2)} s` : x >= 100 ? `${Math.round(x)} ms` : `${round(x, 1)} ms`;
const kb = (b) => (b >= 10_000 ? `${Math.round(b / 1000)} KB` : `${round(b / 1000, 1)} KB`);

function cell(a, isOurs) {
  if (!a.ok) {
    // The last two parts of the message: the peers wrap the cause (e.g. kubectl's ENOBUFS) in
    // generic "MCP error …:" prefixes.
    const parts = (a.error ?? '').replace(/\s+/g, ' ').replace(/\|/g, '/').split(': ');
    const why = parts.slice(-2).join(': ').slice(0, 120);
    return `fails after ${ms(a.latency_ms?.p50 ?? NaN)} (${a.failed}/${a.failed}): ${why}`;
  }
  const ratio = isOurs || a.ratio_median === undefined ? '' : ` (${a.ratio_median}×)`;
  const lat = `${ms(a.latency_ms.p50)}${ratio}, p90 ${ms(a.latency_ms.p90)}`;
  const bytes = `${kb(a.text_bytes)} text${a.structured_bytes ? ` + ${kb(a.structured_bytes)} structured` : ''}`;
  const partial = a.failed ? `; ${a.failed} of ${a.ok + a.failed} failed` : '';
  return `${lat}; ${bytes}${partial}`;
}

/** Two tables: the figures, then what was asked of each server and how many facts came back. */
export function markdown(report, specs, questions = QUESTIONS) {
  const r = report.results;
  const head = (first) =>
    `| ${first} | ${specs.map((s) => `${s.label.replace(' (', ` ${report.servers[s.id].version} (`)}`).join(' | ')} |\n|---|${specs.map(() => '---').join('|')}|`;
  const lines = [head('question (median, p90; text and structuredContent bytes of one answer)')];
  for (const q of questions)
    lines.push(`| ${q.title} | ${specs.map((s) => cell(r[s.id][q.id], s.id === 'k8s-mcp')).join(' | ')} |`);
  // Without start-up samples (--no-startup) the row is left out rather than shown as failed.
  if (specs.some((s) => r[s.id].startup_ms))
    lines.push(
      `| stdio spawn → \`initialize\` | ${specs
        .map((s) => {
          const st = r[s.id].startup_ms;
          if (!st) return 'failed';
          return `${ms(st.p50)}${s.id === 'k8s-mcp' ? '' : ` (${r[s.id].startup_ratio}×)`}, p90 ${ms(st.p90)}`;
        })
        .join(' | ')} |`,
    );
  lines.push(
    `| tools/list | ${specs.map((s) => `${report.servers[s.id].tools} tools, ${kb(report.servers[s.id].tools_list_bytes)}`).join(' | ')} |`,
  );
  lines.push(
    `| RSS after the questions | ${specs.map((s) => (r[s.id].rss_mib ? `${r[s.id].rss_mib} MiB` : '—')).join(' | ')} |`,
  );
  if (report.http) {
    lines.push(
      `| calls/s, 16 Streamable HTTP sessions, deployments question | ${specs
        .map((s) => {
          const h = report.http[s.id];
          if (!h) return '— (stdio only)';
          if (h.error) return `failed: ${h.error.slice(0, 80)}`;
          const err = h.errors ? `, ${h.errors} errors` : '';
          return `${h.calls_per_s} /s, p50 ${ms(h.latency_ms?.p50 ?? NaN)}, p99 ${ms(h.latency_ms?.p99 ?? NaN)}${err}`;
        })
        .join(' | ')} |`,
    );
  }
  lines.push('', head('question: tool {arguments}; names found verbatim in the text'));
  for (const q of questions)
    lines.push(
      `| ${q.title} | ${specs
        .map((s) => {
          const a = r[s.id][q.id];
          return `\`${a.tool}\` \`${JSON.stringify(a.args)}\`; ${a.names_found_in_text ?? '—'}; ${a.ok}/${a.ok + a.failed} ok`;
        })
        .join(' | ')} |`,
    );
  const m = report.machine;
  lines.push(
    '',
    `${report.date.slice(0, 16).replace('T', ' ')} UTC, ${m.cpus} cores (${m.model}), load average ${m.loadavg.before[0]} before / ${m.loadavg.after[0]} after, Node ${m.node}; ${report.reps} interleaved repetitions after ${report.warmup_rounds} warm-up rounds; fixture ${report.fixture.pods} pods in ${report.fixture.deployments} Deployments, ${report.fixture.events} events. KB = 1,000 bytes.`,
  );
  return lines.join('\n');
}
