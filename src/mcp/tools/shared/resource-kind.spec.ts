import { AppError } from '../../../common/errors/app-error.js';
import type { ResourceKind } from '../../../k8s/resource-catalogue.js';
import type { ToolContext } from '../tool-definition.js';
import { redactIfSecret, resolveKind } from './resource-kind.js';

const kind = (overrides: Partial<ResourceKind>): ResourceKind => ({
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  shortNames: [],
  verbs: ['get', 'list', 'watch'],
  ...overrides,
});

describe(redactIfSecret.name, () => {
  const object = { metadata: { name: 's' }, data: { pw: Buffer.from('hunter2').toString('base64') } };

  it('redacts core Secrets', () => {
    expect(redactIfSecret(kind({}), object).data).toEqual({ pw: '<redacted, 7 bytes>' });
  });

  it('leaves other kinds alone, including a custom kind that happens to be called Secret', () => {
    expect(redactIfSecret(kind({ kind: 'ConfigMap', plural: 'configmaps' }), object)).toBe(object);
    expect(redactIfSecret(kind({ group: 'vault.example.com' }), object)).toBe(object);
  });
});

describe(resolveKind.name, () => {
  const contextResolving = (k: ResourceKind) =>
    ({ catalogue: { resolve: () => Promise.resolve(k) } }) as unknown as ToolContext;

  it('returns the kind when the verb is served', async () => {
    await expect(resolveKind(contextResolving(kind({})), 'secret', 'list')).resolves.toMatchObject({
      plural: 'secrets',
    });
  });

  it('refuses a kind that cannot be read, naming the verbs it has', async () => {
    const reviews = kind({ kind: 'TokenReview', plural: 'tokenreviews', verbs: ['create'] });
    const sut = resolveKind(contextResolving(reviews), 'tokenreviews', 'get');
    await expect(sut).rejects.toThrow(AppError);
    await expect(sut).rejects.toThrow("kind: tokenreviews cannot be read with 'get'");
  });
});
