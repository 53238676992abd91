import { clip } from '../../summary/detectors/detector.js';
import type { AffectedObject, Finding, Hint } from '../../summary/detectors/detector.js';
import { toolCall } from './tool-call.js';
import type { RankedFinding } from '../../summary/ranking.js';

// A finding as the model reads it: one line with its evidence, what it takes down, what changed
// shortly before and the hint, in shorter intact forms for the budget renderer.

const ref = (ns: string | undefined, name: string) => (ns ? `${ns}/${name}` : name);

/** A hint as text: its steps joined by "; ", a call written after what it shows ("see why: k8s-describe-pod {…}"). */
export function hintText(hint: Hint): string {
  let text = hintTexts.get(hint);
  if (text === undefined) {
    text = hint
      .map((s) => (typeof s === 'string' ? s : `${s.shows}: ${toolCall(s.call.tool, s.call.args)}`))
      .join('; ');
    hintTexts.set(hint, text);
  }
  return text;
}

/** A finding's forms and its structured data both need the hint's text: written once per hint. */
const hintTexts = new WeakMap<Hint, string>();

/** The time as "02:31:04Z" today, or a date for older times; short on purpose. */
export function shortTime(iso: string | undefined, now: number): string {
  if (!iso) return '?';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t).toISOString();
  return now - t < 86_400_000 ? `${s.slice(11, 19)}Z` : s.slice(0, 10);
}

/** An object as a finding names it: "Deployment shop/payment (0/1 available)". */
function affectedText(o: AffectedObject): string {
  return `${o.kind} ${ref(o.namespace, o.name)}${o.state ? ` (${o.state})` : ''}`;
}

/** What a cause takes down, at most `max` objects named; the rest counted. */
function takesDownLine(f: RankedFinding, max = Infinity): string | undefined {
  const objects = f.takesDown ?? [];
  if (objects.length === 0 || max === 0) return undefined;
  const named = objects.slice(0, max).map(affectedText);
  const rest = objects.length - named.length;
  return `  takes down: ${named.join(' → ')}${rest > 0 ? ` → ${rest} more` : ''}`;
}

/**
 * One finding as text: severity, object (and the pods failing alike), reason, evidence, since,
 * blast radius; then what it takes down, what changed shortly before, then the hint with the call that shows the evidence.
 */
export function findingLine(f: RankedFinding, now: number, withHint = true): string {
  return findingForms(f, now, withHint)[0]!;
}

/**
 * The forms of a finding, longest first, each intact (object, reason and the message's decisive
 * end kept): the budget renderer takes the first that fits. Shorter forms drop the hint, then
 * name fewer of the objects taken down and of the changes before, then shorten the message from its middle.
 */
export function findingForms(f: RankedFinding, now: number, withHint = true): string[] {
  const head = (messageMax: number) => {
    const parts = [`- [${f.severity}] ${f.kind} ${ref(f.namespace, f.name)}`];
    if (f.alike?.length) parts.push(` (+${f.alike.length} more pod${f.alike.length === 1 ? '' : 's'} alike)`);
    parts.push(`: ${f.reason}`);
    if (f.count !== undefined && f.countOf) parts.push(` (${f.count} ${f.countOf})`);
    if (f.since) parts.push(` since ${shortTime(f.since, now)}`);
    if (f.message) parts.push(` — ${clip(f.message, messageMax)}`);
    if (f.blastRadius > 1) parts.push(` [affects ${f.blastRadius}]`);
    return parts.join('');
  };
  // What changed shortly before comes after what it takes down and goes before it, line by line.
  const lines = (messageMax: number, takesDownMax: number, hint: boolean, changesMax = Infinity) =>
    [
      head(messageMax),
      takesDownLine(f, takesDownMax),
      ...(f.changedBefore ?? []).slice(0, changesMax).map((c) => `  changed shortly before: ${c}`),
      hint ? `  → ${hintText(f.hint)}` : undefined,
    ]
      .filter((l): l is string => l !== undefined)
      .join('\n');
  const forms = [
    ...(withHint ? [lines(1000, Infinity, true)] : []),
    lines(withHint ? 1000 : 240, Infinity, false),
    lines(240, 3, false),
    lines(240, 3, false, 1),
    lines(140, 1, false, 1),
    lines(140, 1, false, 0),
    lines(80, 0, false, 0),
  ];
  return [...new Set(forms)];
}

/**
 * A finding as data for structuredContent: the finding as the summary returned it, its hint (and
 * the hints of the findings it explains) as the text the model reads.
 */
export function findingData(f: Finding): Record<string, unknown> {
  return {
    ...f,
    hint: hintText(f.hint),
    ...(f.explains ? { explains: f.explains.map(findingData) } : {}),
  };
}
