// The Grafana dashboard and the Prometheus rules only use metrics the server really exposes, and
// promtool accepts the rules file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';
import { REPO } from '../helpers/private-build.js';

const RULES = join(REPO, 'config/prometheus/k8s-mcp-rules.yaml');
const DASHBOARD = join(REPO, 'config/grafana/k8s-mcp-dashboard.json');

/** Metric names an expression mentions, histogram series mapped to their family. */
function metricsUsed(text: string): Set<string> {
  const names = text.match(/\b(?:k8s_mcp|process)_[a-z_]+\b/g) ?? [];
  return new Set(names.map((n) => n.replace(/_(bucket|sum|count)$/, '')));
}

describe('dashboards and alerting rules', () => {
  let sut: RunningApp;
  let families: Set<string>;

  beforeAll(async () => {
    sut = await startApp({ KUBECONFIG_PATH: testKubeconfigPath() });
    const text = await (await fetch(`${sut.url}/metrics/prometheus`)).text();
    families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('uses only metric families present in /metrics/prometheus', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    const used = new Set([...metricsUsed(exprs), ...metricsUsed(readFileSync(RULES, 'utf8'))]);
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((m) => !families.has(m))).toEqual([]);
  });

  it('passes promtool check rules', () => {
    // .ci/run installs Debian's prometheus package, which brings promtool.
    const r = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS: 5 rules found');
    expect(r.status).toBe(0);
  });
});
