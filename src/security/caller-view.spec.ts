import { LazyView, NOTHING, PersonView } from '../common/kube/person-view.js';
import { runWithContext } from '../common/logging/request-context.js';
import { callerMayShow, callerView, loadCallerView } from './caller-view.js';

const policy = { isAllowed: (ns: string) => ns !== 'hidden' };
const alice = { username: 'alice', groups: [] };
const view = new PersonView(new Set(), new Map([['Pod', new Set(['a'])]]));

describe(callerView.name, () => {
  it('is the server view without a person: only the policy decides', () => {
    expect(callerView()).toBeUndefined();
    expect(callerMayShow(policy, 'Pod', 'b', 'p')).toBe(true);
    expect(callerMayShow(policy, 'Pod', 'hidden', 'p')).toBe(false);
  });

  it('fails closed for a person whose view was not loaded', () => {
    const lazy = new LazyView(() => Promise.resolve(view));
    runWithContext({ correlationId: 'c', kubeUser: alice, view: lazy }, () => {
      expect(callerView()).toBe(NOTHING);
      expect(callerMayShow(policy, 'Pod', 'a', 'p')).toBe(false);
    });
    runWithContext({ correlationId: 'c', kubeUser: alice }, () => expect(callerView()).toBe(NOTHING));
  });

  it('shows the person what their loaded view allows, within the policy', async () => {
    let builds = 0;
    const lazy = new LazyView(() => (builds++, Promise.resolve(view)));
    await runWithContext({ correlationId: 'c', kubeUser: alice, view: lazy }, async () => {
      await loadCallerView();
      await loadCallerView();
      expect(callerMayShow(policy, 'Pod', 'a', 'p')).toBe(true);
      expect(callerMayShow(policy, 'Pod', 'b', 'p')).toBe(false);
      expect(callerMayShow(policy, 'Namespace', undefined, 'a')).toBe(true);
      expect(callerMayShow(policy, 'Namespace', undefined, 'b')).toBe(false);
    });
    expect(builds).toBe(1);
  });
});
