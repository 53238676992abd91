import { bindsRule } from './binds.edge.js';
import type { EdgeRule } from './edge-rule.js';
import { governsRule } from './governs.edge.js';
import { mountsRule } from './mounts.edge.js';
import { ownsRule } from './owns.edge.js';
import { routesRule } from './routes.edge.js';
import { runsOnRule } from './runs-on.edge.js';
import { scalesRule } from './scales.edge.js';
import { selectsRule } from './selects.edge.js';
import { servesRule } from './serves.edge.js';
import { serviceAccountRule } from './service-account.edge.js';
import { boundRule } from './bound.edge.js';
import { storageClassRule } from './storage-class.edge.js';

/** Every relation rule the graph applies. A duplicate name is a start-up error (see validateEdgeRules). */
export const EDGE_RULES: readonly EdgeRule[] = [
  ownsRule,
  selectsRule,
  servesRule,
  runsOnRule,
  mountsRule,
  serviceAccountRule,
  boundRule,
  storageClassRule,
  routesRule,
  governsRule,
  scalesRule,
  bindsRule,
];

/** Refuses a rule list with a duplicate name. */
export function validateEdgeRules(rules: readonly EdgeRule[]): void {
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.name)) throw new Error(`EDGE_RULES lists rule '${r.name}' twice`);
    seen.add(r.name);
  }
}
