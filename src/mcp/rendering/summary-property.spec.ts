// Property: for many generated clusters, every summary type and every budget, the text never
// exceeds the budget, something cut is always announced, and the output is deterministic.
import { generateCluster, prng } from '../../../test/factories/cluster-generator.js';
import { snapshotOf } from '../../../test/factories/cluster-objects.js';
import { byteLength } from './budget-renderer.js';
import { summaryAnswer } from '../../../test/factories/summary-text.js';
import { detectAnomalies, SUMMARY_TYPES } from '../../summary/summary-builder.js';

const BUDGETS_KB = [1, 2, 5, 10, 20];
const CLUSTERS = 30;

describe('summary budget property', () => {
  for (let i = 0; i < CLUSTERS; i++) {
    const seed = 1000 + i;
    it(`cluster #${i} (seed ${seed}): within budget, cuts announced, deterministic`, () => {
      const rnd = prng(seed);
      const objects = generateCluster(seed, {
        nodes: 1 + Math.floor(rnd() * 40),
        namespaces: 1 + Math.floor(rnd() * 25),
        deploymentsPerNamespace: 1 + Math.floor(rnd() * 8),
        podsPerDeployment: 1 + Math.floor(rnd() * 6),
        brokenShare: rnd() * 0.6,
      });
      const hidden = i % 3 === 0 ? ['team-0', 'team-1'] : [];
      const snapshot = snapshotOf(objects, { hidden });
      const findings = detectAnomalies({ snapshot });
      for (const type of SUMMARY_TYPES) {
        for (const kb of BUDGETS_KB) {
          const namespace = type === 'namespace' ? 'team-2' : undefined;
          const req = { type, namespace, maxBytes: kb * 1024, includeAnomalies: true };
          const r = summaryAnswer({ snapshot }, req, findings);
          const where = `${type} at ${kb} KB`;
          expect({ where, over: byteLength(r.text) > kb * 1024 }).toEqual({ where, over: false });
          // Whatever was cut, per section, is named in the text with the section's note or the final cut line.
          const sections = r.structured.sections as Record<
            string,
            { included: boolean; listed: number; shown: number }
          >;
          const cut = Object.entries(sections).filter(([, s]) => !s.included || s.shown < s.listed);
          expect({ where, truncated: r.rendered.truncated }).toEqual({ where, truncated: cut.length > 0 });
          for (const [id] of cut) {
            const omission = r.rendered.omissions.find((o) => o.section === id);
            expect({ where, id, announced: !!omission }).toEqual({ where, id, announced: true });
            const announced =
              r.text.includes(`… and ${omission!.omitted} more`) || /\[cut to fit/.test(r.text);
            expect({ where, id, announced }).toEqual({ where, id, announced: true });
          }
          // Hidden namespaces never named.
          for (const ns of hidden) expect(r.text).not.toMatch(new RegExp(`\\b${ns}\\b`));
          expect(summaryAnswer({ snapshot }, req, findings).text).toBe(r.text);
        }
      }
    });
  }
});
