// Renders sections into text that never exceeds a byte budget (UTF-8), most important first,
// announcing every cut with what was cut, how much, and the tool call that shows it.

/** One line of a section and the same fact as data. */
export interface SectionItem {
  readonly line: string;
  readonly data: Record<string, unknown>;
}

/** A block of the summary: a heading, optional always-shown lines, items in priority order. */
export interface Section {
  readonly id: string;
  readonly title: string;
  /** Lines shown right under the title (totals); they are part of the heading. */
  readonly lead?: readonly string[];
  readonly items: readonly SectionItem[];
  /** Facts of the whole section (totals), carried in structuredContent as they are. */
  readonly facts?: Record<string, unknown>;
  /** The note for `n` items left out: what they are, and the exact call that shows them. */
  more(n: number): string;
  /** At most this share of the budget for the items (the first item always may use more). */
  readonly maxShare?: number;
  /** The call that shows this section in full (for the structured omissions). */
  readonly drillDown: string;
}

/** What was cut from one section. */
export interface Omission {
  readonly section: string;
  readonly omitted: number;
  readonly drillDown: string;
}

/** The rendered text and what went into it. */
export interface Rendered {
  readonly text: string;
  readonly bytes: number;
  readonly truncated: boolean;
  /** Items shown per section id (sections left out entirely are absent). */
  readonly shown: ReadonlyMap<string, number>;
  readonly omissions: readonly Omission[];
}

/** UTF-8 length of a string. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of `s` within `max` UTF-8 bytes (never splitting a character), "…" marked. */
export function clipBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  if (max < 3) return '';
  let out = '';
  let used = 0;
  const limit = max - 3; // the ellipsis is 3 bytes
  for (const ch of s) {
    const b = byteLength(ch);
    if (used + b > limit) break;
    out += ch;
    used += b;
  }
  return `${out}…`;
}

/**
 * Bytes kept back for the final note naming whole sections that did not fit: up to 200 bytes, a
 * fifth of small budgets (1 KB keeps 204 bytes, enough for a note naming four sections).
 */
function finalReserve(maxBytes: number): number {
  return Math.min(200, Math.floor(maxBytes / 5));
}

/**
 * Greedy layout: header lines first, then sections in order; within a section items in order
 * while the item and the note for the rest still fit. A section whose heading and note do not
 * fit is left out and named in the final note, for which bytes are reserved up front.
 */
export function renderWithinBudget(
  header: readonly string[],
  sections: readonly Section[],
  maxBytes: number,
  fullCall: string,
): Rendered {
  const reserve = finalReserve(maxBytes);
  const budget = maxBytes - reserve;
  // No single line may take more than a third of the budget: a huge message must not crowd out the rest.
  const lineMax = Math.max(80, Math.floor(budget / 3));
  const lines: string[] = [];
  let used = 0;
  const fits = (extra: number) => used + extra <= budget;
  const push = (line: string) => {
    lines.push(line);
    used += byteLength(line) + 1;
  };
  const cost = (line: string) => byteLength(line) + 1;

  for (const h of header) {
    const line = clipBytes(h, lineMax);
    if (fits(cost(line))) push(line);
  }
  const shown = new Map<string, number>();
  const omissions: Omission[] = [];
  const skipped: { title: string; count: number }[] = [];
  for (const section of sections) {
    const heading = [`## ${section.title}`, ...(section.lead ?? [])].map((l) => clipBytes(l, lineMax));
    const headingCost = heading.reduce((n, l) => n + cost(l), 0);
    const noteAll = section.items.length ? clipBytes(section.more(section.items.length), lineMax) : '';
    if (!fits(headingCost + (noteAll ? cost(noteAll) : 0))) {
      skipped.push({ title: section.title, count: section.items.length });
      omissions.push({ section: section.id, omitted: section.items.length, drillDown: section.drillDown });
      continue;
    }
    for (const l of heading) push(l);
    let n = 0;
    let sectionBytes = 0;
    const share = section.maxShare !== undefined ? section.maxShare * budget : Infinity;
    for (let i = 0; i < section.items.length; i++) {
      const line = clipBytes(section.items[i]!.line, lineMax);
      const rest = section.items.length - i - 1;
      const note = rest > 0 ? cost(clipBytes(section.more(rest), lineMax)) : 0;
      if (!fits(cost(line) + note) || (n > 0 && sectionBytes + cost(line) > share)) break;
      push(line);
      sectionBytes += cost(line);
      n++;
    }
    if (n < section.items.length) {
      push(clipBytes(section.more(section.items.length - n), lineMax));
      omissions.push({
        section: section.id,
        omitted: section.items.length - n,
        drillDown: section.drillDown,
      });
    }
    shown.set(section.id, n);
  }
  const truncated = omissions.length > 0;
  if (skipped.length > 0) {
    // The call comes first: when the list of sections is long, the list is what gets clipped.
    const what = skipped.map((s) => `${s.title.split(':')[0]} (${s.count})`).join(', ');
    push(
      clipBytes(
        `[cut to fit ${formatKb(maxBytes)}: ${skipped.length} sections → ${fullCall}: ${what}]`,
        reserve - 1,
      ),
    );
  }
  let text = lines.join('\n');
  // The layout above cannot exceed the budget; this guard keeps the promise even if it did.
  if (byteLength(text) > maxBytes) text = clipBytes(text, maxBytes);
  return { text, bytes: byteLength(text), truncated, shown, omissions };
}

/** "10 KB", "1.5 KB". */
export function formatKb(bytes: number): string {
  return `${Math.round((bytes / 1024) * 10) / 10} KB`;
}
