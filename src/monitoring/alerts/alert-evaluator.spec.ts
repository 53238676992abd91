import { AlertEvaluator } from './alert-evaluator.js';
import type { AlertRule } from './alert-rule.js';

const rule: AlertRule = { name: 'high_error_rate', metric: 'tool.error_rate', threshold: 5, unit: '%' };
const options = { fireAfter: 3, resolveAfter: 2, historyLimit: 3 };
const at = (s: number) => s * 1000;

/** Feeds values one sample a second, starting at second `from`; returns all transitions. */
function feed(sut: AlertEvaluator, values: (number | undefined)[], from = 0) {
  return values.flatMap((v, i) =>
    sut.evaluate(v === undefined ? {} : { 'tool.error_rate': v }, at(from + i)).map((t) => t.kind),
  );
}

describe(AlertEvaluator.name, () => {
  it('fires only after fireAfter consecutive breaching samples', () => {
    const sut = new AlertEvaluator([rule], options);
    expect(feed(sut, [10, 10])).toEqual([]);
    expect(sut.firing()).toEqual([]);
    expect(feed(sut, [20], 2)).toEqual(['fired']);
    const [record] = sut.firing();
    expect(record).toMatchObject({
      alert: 'high_error_rate',
      state: 'firing',
      threshold: 5,
      peak: 20,
      ended_at: null,
    });
    // The episode starts at the first breaching sample, not at the one that tipped it over.
    expect(record.started_at).toBe(new Date(0).toISOString());
  });

  it("fires on the rule's own fireAfter when it has one (sync_degraded: the first sample)", () => {
    const degraded: AlertRule = {
      name: 'sync_degraded',
      metric: 'intelligent.sync_degraded_kinds',
      threshold: 0,
      unit: ' kinds',
      fireAfter: 1,
    };
    const sut = new AlertEvaluator([degraded, rule], options);
    const kinds = sut
      .evaluate({ 'intelligent.sync_degraded_kinds': 1, 'tool.error_rate': 10 }, at(0))
      .map((t) => [t.record.alert, t.kind]);
    expect(kinds).toEqual([['sync_degraded', 'fired']]);
    expect(sut.firing()[0]?.message).toBe('intelligent.sync_degraded_kinds is above 0 kinds (peak 1 kinds)');
  });

  it('does not flap: an interrupted streak starts over', () => {
    const sut = new AlertEvaluator([rule], options);
    expect(feed(sut, [10, 10, 0, 10, 10, 0])).toEqual([]);
  });

  it('treats a value equal to the threshold, and a missing value, as clear', () => {
    const sut = new AlertEvaluator([rule], options);
    expect(feed(sut, [5, 5, 5, undefined, undefined, undefined])).toEqual([]);
  });

  it('resolves after resolveAfter clear samples, keeping start, end and peak', () => {
    const sut = new AlertEvaluator([rule], options);
    expect(feed(sut, [10, 30, 10, 8, 0, 9, 0, 0])).toEqual(['fired', 'resolved']);
    expect(sut.firing()).toEqual([]);
    const [record] = sut.history();
    expect(record).toMatchObject({ state: 'resolved', peak: 30, last_value: 0 });
    expect(record.started_at).toBe(new Date(0).toISOString());
    expect(record.ended_at).toBe(new Date(at(7)).toISOString());
  });

  it('keeps a bounded history, newest first, filtered by end time', () => {
    const sut = new AlertEvaluator([rule], options);
    for (let episode = 0; episode < 5; episode++) feed(sut, [10, 10, 10, 0, 0], episode * 5);
    const history = sut.history();
    expect(history).toHaveLength(3);
    expect(history.map((r) => r.ended_at)).toEqual(
      [at(24), at(19), at(14)].map((t) => new Date(t).toISOString()),
    );
    expect(sut.history(at(20))).toHaveLength(1);
  });

  it('never drops a firing alert from the history', () => {
    const sut = new AlertEvaluator([rule], { ...options, historyLimit: 1 });
    feed(sut, [10, 10, 10, 0, 0, 10, 10, 10]);
    expect(sut.history().map((r) => r.state)).toEqual(['firing']);
  });
});
