import { LazyView } from '../common/kube/person-view.js';
import { currentContext, runWithContext } from '../common/logging/request-context.js';
import type { ClusterModel } from './cluster-model.js';

/**
 * Runs work with the caller's person view taken from this model's cluster: a request context is
 * built before the context is known (with the default cluster's view), and a person's access to
 * one cluster says nothing of another. Without a person, work runs as it is.
 */
export function inModelView<T>(model: ClusterModel, isDefault: boolean, work: () => Promise<T>): Promise<T> {
  const ctx = currentContext();
  const user = ctx?.kubeUser;
  if (!ctx || isDefault) return work();
  // The calls an answer suggests name this context (rendering/tool-call.ts).
  const view = user ? new LazyView(() => model.views.viewOf(user)) : ctx.view;
  return runWithContext({ ...ctx, view, k8sContext: model.context }, work);
}
