import type { AlertName, AlertRule } from './alert-rule.js';

/** One alert episode, from the first breaching sample to the sample that resolved it. */
export interface AlertRecord {
  readonly alert: AlertName;
  readonly metric: string;
  readonly threshold: number;
  readonly state: 'firing' | 'resolved';
  /** ISO time of the first sample of the breaching streak. */
  readonly started_at: string;
  /** ISO time of the sample that resolved it; null while firing. */
  readonly ended_at: string | null;
  /** Highest value seen during the episode. */
  readonly peak: number;
  readonly last_value: number;
  readonly message: string;
}

/** A state change produced by one sample. */
export interface AlertTransition {
  readonly kind: 'fired' | 'resolved';
  readonly record: AlertRecord;
}

export interface AlertEvaluatorOptions {
  /** Consecutive breaching samples before an alert fires (no flapping on one spike). */
  readonly fireAfter: number;
  /** Consecutive clear samples before a firing alert resolves. */
  readonly resolveAfter: number;
  /** Episodes kept in the history, oldest dropped first. */
  readonly historyLimit: number;
}

interface Episode {
  startedAt: number;
  endedAt?: number;
  peak: number;
  lastValue: number;
  firing: boolean;
}

interface RuleState {
  breaches: number;
  clears: number;
  pending?: Episode;
  active?: Episode;
}

/**
 * Threshold alerts as a state machine per rule: pending after one breaching sample, firing after
 * `fireAfter` in a row, resolved after `resolveAfter` clear samples in a row. A missing value is
 * clear (no data is not a breach). Pure: the caller supplies sample values and times.
 */
export class AlertEvaluator {
  private readonly state = new Map<AlertName, RuleState>();
  private readonly episodes: { rule: AlertRule; episode: Episode }[] = [];

  constructor(
    private readonly rules: readonly AlertRule[],
    private readonly options: AlertEvaluatorOptions,
  ) {
    for (const rule of rules) this.state.set(rule.name, { breaches: 0, clears: 0 });
  }

  /** Feeds one sample; returns the alerts that fired or resolved with it. */
  evaluate(values: Readonly<Record<string, number>>, time: number): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    for (const rule of this.rules) {
      const s = this.state.get(rule.name)!;
      const value = values[rule.metric];
      const breaching = value !== undefined && value > rule.threshold;
      if (breaching) {
        s.clears = 0;
        s.breaches++;
        const episode =
          s.active ?? (s.pending ??= { startedAt: time, peak: value, lastValue: value, firing: false });
        episode.peak = Math.max(episode.peak, value);
        episode.lastValue = value;
        if (!s.active && s.breaches >= (rule.fireAfter ?? this.options.fireAfter)) {
          episode.firing = true;
          s.active = episode;
          s.pending = undefined;
          this.remember(rule, episode);
          transitions.push({ kind: 'fired', record: this.toRecord(rule, episode) });
        }
      } else {
        s.breaches = 0;
        s.pending = undefined;
        s.clears++;
        if (value !== undefined && s.active) s.active.lastValue = value;
        if (s.active && s.clears >= this.options.resolveAfter) {
          s.active.firing = false;
          s.active.endedAt = time;
          transitions.push({ kind: 'resolved', record: this.toRecord(rule, s.active) });
          s.active = undefined;
        }
      }
    }
    return transitions;
  }

  /** Alerts firing now. */
  firing(): AlertRecord[] {
    return this.episodes.filter((e) => e.episode.firing).map((e) => this.toRecord(e.rule, e.episode));
  }

  /** Episodes firing now or resolved at or after `since` (ms since the epoch), newest first. */
  history(since = 0): AlertRecord[] {
    return this.episodes
      .filter((e) => e.episode.firing || (e.episode.endedAt ?? 0) >= since)
      .map((e) => this.toRecord(e.rule, e.episode))
      .reverse();
  }

  private remember(rule: AlertRule, episode: Episode): void {
    this.episodes.push({ rule, episode });
    // Only resolved episodes are dropped: a firing alert must stay visible however long it lasts.
    while (this.episodes.length > this.options.historyLimit) {
      const i = this.episodes.findIndex((e) => !e.episode.firing);
      if (i < 0) break;
      this.episodes.splice(i, 1);
    }
  }

  private toRecord(rule: AlertRule, e: Episode): AlertRecord {
    const state = e.firing ? 'firing' : 'resolved';
    return {
      alert: rule.name,
      metric: rule.metric,
      threshold: rule.threshold,
      state,
      started_at: new Date(e.startedAt).toISOString(),
      ended_at: e.endedAt === undefined ? null : new Date(e.endedAt).toISOString(),
      peak: e.peak,
      last_value: e.lastValue,
      message: `${rule.metric} ${e.firing ? 'is' : 'was'} above ${rule.threshold}${rule.unit} (peak ${
        Math.round(e.peak * 100) / 100
      }${rule.unit})`,
    };
  }
}
