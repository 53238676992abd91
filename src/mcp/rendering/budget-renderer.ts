// Renders sections into text that never exceeds a byte budget (UTF-8), most important first,
// announcing every cut with what was cut, how much, and the tool call that shows it.

/** One line of a section and the same fact as data. */
export interface SectionItem {
  /** The item in full; may span lines (a finding with what it takes down and its hint). */
  readonly line: string;
  readonly data: Record<string, unknown>;
  /**
   * Shorter forms of the same item, longest first, each still intact (its decisive words kept):
   * the renderer takes the first that fits before it would clip anything.
   */
  readonly shorter?: readonly string[];
  /** True for what must go last (critical findings): not held back by the section's share. */
  readonly essential?: boolean;
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
  /**
   * Which sections keep their place when the budget is small, lowest first (default 1): findings
   * 0, problem lists 1, informational 2, sections with nothing wrong in them 3. The text keeps
   * the sections' own order; only what is left out follows this.
   */
  readonly priority?: number;
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
  return `${prefixWithin(s, max - 3)}…`; // the ellipsis is 3 bytes
}

/** The longest prefix of `s` within `max` UTF-8 bytes. */
function prefixWithin(s: string, max: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const b = byteLength(ch);
    if (used + b > max) break;
    out += ch;
    used += b;
  }
  return out;
}

/**
 * `s` within `max` UTF-8 bytes, cut from the middle: the start says what it is about, the end
 * holds the decisive words (the image name, "not found", the exit code). A 40 % tail.
 */
export function clipMiddleBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  if (max < 8) return clipBytes(s, max);
  const room = max - 3;
  const tailBytes = Math.floor(room * 0.4);
  const chars = [...s];
  let tail = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const b = byteLength(chars[i]!);
    if (used + b > tailBytes) break;
    tail = chars[i]! + tail;
    used += b;
  }
  return `${prefixWithin(s, room - used)}…${tail}`;
}

/** The cut notice: never clipped, so its bytes are reserved before anything else is laid out. */
function cutNotice(
  maxBytes: number,
  fullCall: string,
  skipped: readonly { title: string; count: number }[],
  long: boolean,
): string {
  const items = skipped.reduce((n, s) => n + s.count, 0);
  const names = long ? `: ${skipped.map((s) => `${s.title.split(':')[0]} (${s.count})`).join(', ')}` : '';
  return `[cut to fit ${formatKb(maxBytes)}: ${skipped.length} more sections, ${items} items → ${fullCall}${names}]`;
}

/**
 * Layout in two passes. First, what goes in: header lines, then sections by priority (findings,
 * then problem lists, then informational and healthy ones); within a section items in order, each
 * in the longest of its forms that fits, while the item and the note for the rest still fit. A
 * section whose heading and note do not fit is left out and counted in the cut notice, whose
 * bytes are reserved up front so that it is never cut. Second, the text, in the sections' order.
 */
export function renderWithinBudget(
  header: readonly string[],
  sections: readonly Section[],
  maxBytes: number,
  fullCall: string,
): Rendered {
  const allItems = sections.map((s) => ({ title: s.title, count: s.items.length }));
  const reserve = byteLength(cutNotice(maxBytes, fullCall, allItems, false)) + 1;
  const budget = maxBytes - reserve;
  // No single line may take more than a third of the budget: a huge message must not crowd out the rest.
  const lineMax = Math.max(80, Math.floor(budget / 3));
  let used = 0;
  const fits = (extra: number) => used + extra <= budget;
  const cost = (line: string) => byteLength(line) + 1;
  const clipLine = (l: string) =>
    l
      .split('\n')
      .map((part) => clipMiddleBytes(part, lineMax))
      .join('\n');

  const headerLines: string[] = [];
  for (const h of header) {
    const line = clipMiddleBytes(h, lineMax);
    if (fits(cost(line))) {
      headerLines.push(line);
      used += cost(line);
    }
  }
  const planned = new Map<Section, string[]>();
  const shown = new Map<string, number>();
  const omissions: Omission[] = [];
  const skipped: { title: string; count: number }[] = [];
  const byPriority = sections
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.priority ?? 1) - (b.s.priority ?? 1) || a.i - b.i)
    .map(({ s }) => s);
  for (const section of byPriority) {
    const heading = [`## ${section.title}`, ...(section.lead ?? [])].map((l) => clipMiddleBytes(l, lineMax));
    const headingCost = heading.reduce((n, l) => n + cost(l), 0);
    const noteAll = section.items.length ? clipMiddleBytes(section.more(section.items.length), lineMax) : '';
    if (!fits(headingCost + (noteAll ? cost(noteAll) : 0))) {
      skipped.push({ title: section.title, count: section.items.length });
      omissions.push({ section: section.id, omitted: section.items.length, drillDown: section.drillDown });
      continue;
    }
    const lines = [...heading];
    used += headingCost;
    let n = 0;
    let sectionBytes = 0;
    const share = section.maxShare !== undefined ? section.maxShare * budget : Infinity;
    for (let i = 0; i < section.items.length; i++) {
      const item = section.items[i]!;
      const rest = section.items.length - i - 1;
      const note = rest > 0 ? cost(clipMiddleBytes(section.more(rest), lineMax)) : 0;
      const forms = [item.line, ...(item.shorter ?? [])].map(clipLine);
      const line = forms.find((f) => fits(cost(f) + note));
      if (line === undefined) break;
      if (n > 0 && !item.essential && sectionBytes + cost(line) > share) break;
      lines.push(line);
      used += cost(line);
      sectionBytes += cost(line);
      n++;
    }
    if (n < section.items.length) {
      const note = clipMiddleBytes(section.more(section.items.length - n), lineMax);
      lines.push(note);
      used += cost(note);
      omissions.push({
        section: section.id,
        omitted: section.items.length - n,
        drillDown: section.drillDown,
      });
    }
    planned.set(section, lines);
    shown.set(section.id, n);
  }
  const lines = [...headerLines, ...sections.flatMap((s) => planned.get(s) ?? [])];
  const truncated = omissions.length > 0;
  if (skipped.length > 0) {
    // The long form names the sections; the short one (whose bytes were reserved) only counts them.
    const long = cutNotice(maxBytes, fullCall, skipped, true);
    lines.push(used + cost(long) <= maxBytes ? long : cutNotice(maxBytes, fullCall, skipped, false));
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
