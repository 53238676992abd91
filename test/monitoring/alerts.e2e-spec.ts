// The error-rate alert end to end: a burst of failing tool calls fires it, successes resolve it.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { testKubeconfigPath } from '../helpers/cluster.js';
import { expectEventually } from '../helpers/expect-eventually.js';
import { call, connectClient, type RunningApp, startApp } from '../helpers/mcp-app.js';

interface AlertView {
  alert: string;
  state: string;
  threshold: number;
  peak: number;
  started_at: string;
  ended_at: string | null;
}

async function alerts(url: string): Promise<{ firing: AlertView[]; history: AlertView[] }> {
  return (await fetch(`${url}/alerts?last_hours=1`)).json() as Promise<{
    firing: AlertView[];
    history: AlertView[];
  }>;
}

describe('error-rate alert', () => {
  let sut: RunningApp;
  let client: Client;

  beforeAll(async () => {
    sut = await startApp({
      KUBECONFIG_PATH: testKubeconfigPath(),
      METRICS_COLLECTION_INTERVAL: '1',
      K8S_NAMESPACE: 'default',
      K8S_ALLOWED_NAMESPACES: 'default',
      ALERT_ERROR_RATE_MAX: '5',
    });
    client = await connectClient(sut.url);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
  });

  it('fires during a burst of failing calls, shows in /performance, and resolves after successes', async () => {
    // Failing calls in every 1 s window until the alert has seen three breaching samples in a row.
    const fired = await expectEventually(
      async () => {
        for (let i = 0; i < 3; i++) {
          await call(client, 'k8s-get-pods', { namespace: 'kube-system' }); // denied by the allow-list
          await call(client, 'k8s-get-pods', { no_such_argument: 1 }); // invalid arguments
        }
        const { firing } = await alerts(sut.url);
        const alert = firing.find((a) => a.alert === 'high_error_rate');
        expect(alert).toBeDefined();
        return alert!;
      },
      { timeoutMs: 20_000, intervalMs: 50, description: 'high_error_rate firing' },
    );
    expect(fired).toMatchObject({ state: 'firing', threshold: 5, ended_at: null });
    expect(fired.peak).toBeGreaterThan(5);

    const performance = (await (await fetch(`${sut.url}/performance`)).json()) as {
      components: { error_rate: { score: number } };
      firing_alerts: string[];
      recommendations: string[];
    };
    expect(performance.firing_alerts).toContain('high_error_rate');
    expect(performance.components.error_rate.score).toBeLessThan(100);
    expect(performance.recommendations.join(' ')).toContain('tool calls failed');

    const resolved = await expectEventually(
      async () => {
        const result = await call(client, 'k8s-get-pods', {});
        expect(result.isError).toBeFalsy();
        const { firing, history } = await alerts(sut.url);
        expect(firing.map((a) => a.alert)).not.toContain('high_error_rate');
        const alert = history.find((a) => a.alert === 'high_error_rate' && a.state === 'resolved');
        expect(alert).toBeDefined();
        return alert!;
      },
      { timeoutMs: 20_000, intervalMs: 200, description: 'high_error_rate resolved' },
    );
    expect(resolved.started_at).toBe(fired.started_at);
    expect(Date.parse(resolved.ended_at!)).toBeGreaterThan(Date.parse(resolved.started_at));

    const text = await (await fetch(`${sut.url}/metrics/prometheus`)).text();
    expect(text).toContain('k8s_mcp_alerts_firing{alert="high_error_rate"} 0');
    expect(text).toContain('k8s_mcp_alert_transitions_total{alert="high_error_rate",transition="fired"} 1');
    expect(text).toContain(
      'k8s_mcp_alert_transitions_total{alert="high_error_rate",transition="resolved"} 1',
    );
    expect(text).toMatch(/k8s_mcp_performance_health_score \d+/);
    expect(text).toMatch(/k8s_mcp_performance_component_score\{component="error_rate"\} [\d.]+/);
  });
});
