import { runWithContext } from '../../common/logging/request-context.js';
import type { AppConfig } from '../../config/app-config.js';
import type { ClusterModel } from '../../contexts/cluster-model.js';
import type { ClusterModels } from '../../contexts/cluster-models.service.js';
import { NamespacePolicy } from '../../security/namespace-policy.js';
import type { Summary } from '../../summary/summary-builder.js';
import type { SummaryService } from '../../summary/summary.service.js';
import type { ChangeJournalService } from '../../timeline/change-journal.service.js';
import { ChangeResources } from './change-resources.js';
import { ContextResources } from './context-resources.js';
import { contextUri } from './context-uri.js';
import { SummaryResources } from './summary-resources.js';

const config = { K8S_CONTEXTS: ['home', 'default'], MAX_SUMMARY_SIZE_KB: 10 } as unknown as AppConfig;

/** A summary service whose anomalies list more restarting pods of namespace shop than fit. */
const summaryOf = (): SummaryService =>
  ({
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    touchWebhooks: () => undefined,
    namespaceVisible: (ns: string) => (ns === 'shop' ? 'yes' : 'no'),
    snapshot: () => ({ all: () => [{ metadata: { name: 'shop' } }] }),
    summarizeNow: (): Summary => ({
      type: 'anomalies',
      now: 0,
      nodes: 0,
      pods: 1000,
      hidden: { namespaces: 0, objects: 0 },
      sections: [
        {
          id: 'restarts',
          rows: Array.from({ length: 1000 }, (_, i) => ({
            namespace: 'shop',
            name: `web-${i}`,
            restarts: 7,
          })),
        },
      ],
      findings: [],
    }),
    onChange: () => () => undefined,
  }) as unknown as SummaryService;

const journal = { enabled: false, onRecord: () => () => undefined } as unknown as ChangeJournalService;

/** Models: "home" (the default) and one named like the namespace its policy hides. */
function setup(otherName: string, otherPolicy: NamespacePolicy) {
  const homePolicy = new NamespacePolicy({ K8S_ALLOWED_NAMESPACES: [], K8S_FORBIDDEN_NAMESPACES: [] });
  const home = { context: 'home', policy: homePolicy } as unknown as ClusterModel;
  const other = {
    context: otherName,
    config,
    policy: otherPolicy,
    summary: summaryOf(),
    changes: journal,
  } as unknown as ClusterModel;
  const models = {
    acquire: async (name?: string) => ({
      model: name === otherName ? other : home,
      release: () => undefined,
    }),
    defaultModel: () => home,
    onModelStopping: () => () => undefined,
  } as unknown as ClusterModels;
  const sut = new ContextResources(
    config,
    models,
    new SummaryResources(summaryOf(), homePolicy, config),
    new ChangeResources(config, journal, homePolicy),
  );
  sut.onModuleInit();
  return sut;
}

describe(ContextResources.name, () => {
  // k3s names its context "default"; a policy allowing a few namespaces hides the namespace
  // "default". The calls a resource of that context suggests must still name it.
  it('names the context in the calls its resources suggest, even when a hidden namespace has its name', async () => {
    const policy = new NamespacePolicy({ K8S_ALLOWED_NAMESPACES: [], K8S_FORBIDDEN_NAMESPACES: ['default'] });
    const sut = setup('default', policy);
    const r = await runWithContext({ correlationId: 'c' }, () =>
      sut.read(contextUri('default', 'k8s://anomalies')),
    );
    const [text, json] = r.contents.map((c) => (c as { text: string }).text);
    expect(text).toContain('k8s-get-pods {"namespace":"all","context":"default"}');
    expect(json).toContain(
      JSON.stringify('k8s-get-pods {"namespace":"all","context":"default"}').slice(1, -1),
    );
    // Anything else of the hidden namespace stays masked.
    expect(policy.redactDeniedNames('default/web-1')).toBe('<hidden namespace>/<hidden>');
  });
});
