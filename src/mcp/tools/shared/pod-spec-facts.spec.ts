import type { Pod } from '../../../k8s/objects/index.js';
import {
  affinityText,
  envFacts,
  envText,
  literalShown,
  portsText,
  tolerationsText,
} from './pod-spec-facts.js';

type Spec = NonNullable<Pod['spec']>;

describe('pod spec facts (describe-pod)', () => {
  const container: Spec['containers'][number] = {
    name: 'app',
    ports: [
      { containerPort: 8080, name: 'http' },
      { containerPort: 53, protocol: 'UDP' },
    ],
    env: [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'API_KEY', value: 'abc' },
      { name: 'BANNER', value: 'x'.repeat(65) },
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
    ],
    envFrom: [{ configMapRef: { name: 'common' } }, { secretRef: { name: 'creds' }, prefix: 'S_' }],
  };

  it('names every variable with its source and never shows a value that could be secret', () => {
    const env = envFacts(container);
    expect(env.map(envText)).toEqual([
      'LOG_LEVEL=debug',
      'DB_PASSWORD=<set>',
      'API_KEY=<set>',
      'BANNER=<set>',
      'DB_USER ← Secret db/user',
      'MODE ← ConfigMap settings/mode',
      'POD_NAME ← field metadata.name',
      'CPU ← resource limits.cpu',
      '* ← ConfigMap common/*',
      'S_* ← Secret creds/*',
    ]);
    expect(JSON.stringify(env)).not.toContain('hunter2');
  });

  it.each([
    ['LOG_LEVEL', 'info', true],
    ['token', 'x', false],
    ['TLS_CERT_FILE', '/etc/tls.crt', false],
    ['OAUTH_URL', 'https://x', false],
    ['GREETING', 'y'.repeat(64), true],
    ['GREETING', 'y'.repeat(65), false],
  ])('literal %s shown: %s', (name, value, shown) => {
    expect(literalShown(name, value)).toBe(shown);
  });

  it('writes ports, tolerations and affinity compactly', () => {
    expect(portsText(container)).toEqual(['8080/TCP (http)', '53/UDP']);
    const spec: Spec = {
      containers: [container],
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
              { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
            ],
          },
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'web' } },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      },
    };
    expect(tolerationsText(spec)).toEqual([
      'dedicated=gpu:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    ]);
    expect(affinityText(spec)).toEqual([
      'node required: disk In (ssd) or zone Exists',
      'pod anti-affinity preferred(100): pods app=web per kubernetes.io/hostname',
    ]);
  });
});
