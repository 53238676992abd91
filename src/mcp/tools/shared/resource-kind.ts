import { AppError } from '../../../common/errors/app-error.js';
import type { KubeObject } from '../../../k8s/kube-object.js';
import type { ResourceKind } from '../../../k8s/resource-catalogue.js';
import type { ResourceRef } from '../../../k8s/resource-ref.js';
import { redactSecretObject } from '../../../security/redaction.js';
import type { ToolContext } from '../tool-definition.js';

/** The `kind` input of the generic tools, described for the model. */
export const KIND_DESCRIPTION =
  'Kind as kubectl accepts it: "Deployment", "deployments", "deploy", or plural.group ("widgets.example.com") for custom resources.';

/** True for core/v1 Secrets, whose values never leave the server. */
export function isSecretKind(ref: Pick<ResourceRef, 'group' | 'kind'>): boolean {
  return ref.group === '' && ref.kind === 'Secret';
}

/** An object as it may leave the server: Secret values replaced by their sizes, anything else as is. */
export function redactIfSecret<T extends KubeObject>(ref: Pick<ResourceRef, 'group' | 'kind'>, obj: T): T {
  return isSecretKind(ref) ? redactSecretObject(obj) : obj;
}

/** The kind a name denotes, refused when the cluster does not serve `verb` for it. */
export async function resolveKind(
  ctx: ToolContext,
  name: string,
  verb: 'get' | 'list',
): Promise<ResourceKind> {
  const kind = await ctx.catalogue.resolve(name);
  if (!kind.verbs.includes(verb)) {
    throw new AppError('INPUT.INVALID', `kind: ${kind.plural} cannot be read with '${verb}'`, {
      hint: `the API server supports only ${kind.verbs.join(', ') || 'no verbs'} for ${kind.plural}`,
      details: { kind: kind.kind, verbs: kind.verbs },
    });
  }
  return kind;
}
