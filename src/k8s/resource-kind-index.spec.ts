import { recordedAggregated } from '../../test/fixtures/discovery/recorded.js';
import { AppError } from '../common/errors/app-error.js';
import { kindsFromAggregated } from './api-discovery.js';
import { qualifiedName, ResourceKindIndex } from './resource-kind-index.js';

const { core, groups } = recordedAggregated();
const sut = new ResourceKindIndex(kindsFromAggregated(core, groups).kinds);

function resolved(name: string): string {
  const kind = sut.resolve(name);
  return `${qualifiedName(kind)} ${kind.apiVersion} ${kind.kind}`;
}

function rejection(name: string): AppError {
  try {
    sut.resolve(name);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INPUT.INVALID');
    return err as AppError;
  }
  throw new Error(`expected '${name}' to be rejected`);
}

describe(ResourceKindIndex.name, () => {
  it.each([
    ['Deployment', 'deployments.apps apps/v1 Deployment'],
    ['deployment', 'deployments.apps apps/v1 Deployment'],
    ['DEPLOYMENTS', 'deployments.apps apps/v1 Deployment'],
    ['deployments', 'deployments.apps apps/v1 Deployment'],
    ['  deploy  ', 'deployments.apps apps/v1 Deployment'],
    ['Pod', 'pods v1 Pod'],
    ['po', 'pods v1 Pod'],
    ['svc', 'services v1 Service'],
    ['cm', 'configmaps v1 ConfigMap'],
    ['ns', 'namespaces v1 Namespace'],
    ['no', 'nodes v1 Node'],
    ['pvc', 'persistentvolumeclaims v1 PersistentVolumeClaim'],
    ['hpa', 'horizontalpodautoscalers.autoscaling autoscaling/v2 HorizontalPodAutoscaler'],
    ['ds', 'daemonsets.apps apps/v1 DaemonSet'],
    ['sts', 'statefulsets.apps apps/v1 StatefulSet'],
    ['cj', 'cronjobs.batch batch/v1 CronJob'],
    ['ing', 'ingresses.networking.k8s.io networking.k8s.io/v1 Ingress'],
    [
      'crd',
      'customresourcedefinitions.apiextensions.k8s.io apiextensions.k8s.io/v1 CustomResourceDefinition',
    ],
    [
      'crds',
      'customresourcedefinitions.apiextensions.k8s.io apiextensions.k8s.io/v1 CustomResourceDefinition',
    ],
    ['endpointslice', 'endpointslices.discovery.k8s.io discovery.k8s.io/v1 EndpointSlice'],
    ['secret', 'secrets v1 Secret'],
    ['gd', 'gadgets.fixtures.example.com fixtures.example.com/v1 Gadget'],
    ['gadget', 'gadgets.fixtures.example.com fixtures.example.com/v1 Gadget'],
    ['Gadget', 'gadgets.fixtures.example.com fixtures.example.com/v1 Gadget'],
  ])('resolves %j to %s', (input, expected) => {
    expect(resolved(input)).toBe(expected);
  });

  describe('qualified names, as kubectl accepts them', () => {
    it.each([
      ['deployments.apps', 'deployments.apps apps/v1 Deployment'],
      ['Deployment.apps', 'deployments.apps apps/v1 Deployment'],
      ['deploy.apps', 'deployments.apps apps/v1 Deployment'],
      ['deployments.v1.apps', 'deployments.apps apps/v1 Deployment'],
      ['gadgets.fixtures.example.com', 'gadgets.fixtures.example.com fixtures.example.com/v1 Gadget'],
      ['gd.fixtures.example.com', 'gadgets.fixtures.example.com fixtures.example.com/v1 Gadget'],
      ['events.events.k8s.io', 'events.events.k8s.io events.k8s.io/v1 Event'],
      ['pods.v1', 'pods v1 Pod'],
    ])('resolves %j to %s', (input, expected) => {
      expect(resolved(input)).toBe(expected);
    });

    it('refuses a kind qualified by a group that does not serve it', () => {
      expect(sut.find('deployments.batch')).toBeUndefined();
      expect(sut.find('deployments.v1beta1.apps')).toBeUndefined();
    });
  });

  describe('ambiguous names, resolved by group priority like kubectl', () => {
    it('prefers the core group for events (also served by events.k8s.io)', () => {
      expect(resolved('events')).toBe('events v1 Event');
      expect(resolved('ev')).toBe('events v1 Event');
      expect(resolved('Event')).toBe('events v1 Event');
    });

    it('lets a full name win over another kind’s short name', () => {
      const shadow = new ResourceKindIndex([
        ...sut.kinds,
        {
          group: 'evil.example.com',
          version: 'v1',
          apiVersion: 'evil.example.com/v1',
          kind: 'Shadow',
          plural: 'shadows',
          singular: 'shadow',
          namespaced: true,
          shortNames: ['pods', 'deployment'],
          verbs: ['get'],
        },
      ]);
      expect(shadow.resolve('pods').kind).toBe('Pod');
      expect(shadow.resolve('deployment').kind).toBe('Deployment');
    });
  });

  describe('unknown names', () => {
    it('lists close matches in the hint, nearest first', () => {
      const err = rejection('deploymnt');
      expect(err.message).toBe("kind: 'deploymnt' is not a resource kind this cluster serves");
      expect(err.hint).toMatch(/^did you mean deployments\.apps\b/);
      expect(err.details).toMatchObject({ kind: 'deploymnt' });
    });

    it('suggests the qualified name for a misspelt group', () => {
      expect(rejection('deployments.app').hint).toMatch(/^did you mean deployments\.apps\b/);
    });

    it('suggests kinds that start with the input', () => {
      expect(rejection('gadg').hint).toContain('gadgets.fixtures.example.com');
    });

    it('names the kind of a subresource', () => {
      const err = rejection('pods/log');
      expect(err.message).toBe("kind: 'pods/log' is a subresource, not a resource kind");
      expect(err.hint).toBe('name the kind itself (pods)');
      expect(rejection('deploy/scale').hint).toBe('name the kind itself (deployments.apps)');
    });

    it('says so when nothing is close, and what is accepted', () => {
      const err = rejection('zzzzzzzzzz');
      expect(err.hint).toBe(
        'no similar kind is served; kinds, plural and singular names, short names and plural.group are accepted',
      );
      expect(err.details).toMatchObject({ suggestions: [] });
    });

    it('lists at most five suggestions', () => {
      expect(sut.closeMatches('role').length).toBeLessThanOrEqual(5);
      expect(sut.closeMatches('role')).toEqual(expect.arrayContaining(['roles.rbac.authorization.k8s.io']));
    });

    it('refuses an empty name', () => {
      expect(rejection('  ').message).toBe('kind: expected a resource kind, got an empty string');
      expect(sut.find('.apps')).toBeUndefined();
    });
  });
});
