/** How many names a "did you mean" hint lists. */
const MAX_SUGGESTIONS = 5;

/**
 * Edits (insert, delete, substitute, swap two neighbours) from a to b, or `limit + 1` once it is
 * clear there are more than `limit`: names are short, so this stays cheap over a few hundred names.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Names most like `wanted`: prefix matches first, then substring matches, then typos (one edit per
 * four characters, at least one), then a shared prefix of three or more characters.
 */
export function similarNames(wanted: string, names: readonly string[]): string[] {
  const typos = Math.max(1, Math.floor(wanted.length / 4));
  const score = (n: string): number => {
    if (n === wanted) return 2000;
    if (n.startsWith(wanted) || wanted.startsWith(n)) return 1000 + Math.min(n.length, wanted.length);
    if (n.includes(wanted) || wanted.includes(n)) return 500;
    const d = editDistance(wanted, n, typos);
    if (d <= typos) return 300 - d;
    let i = 0;
    while (i < n.length && i < wanted.length && n[i] === wanted[i]) i++;
    return i;
  };
  return names
    .map((n) => [n, score(n)] as const)
    .filter(([, s]) => s >= 3)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_SUGGESTIONS)
    .map(([n]) => n);
}
